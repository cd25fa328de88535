import { readFile } from 'node:fs/promises';

/** The number of splash images per file: 0 is the big thumbnail, 1 to 5 the tileset. */
export const SPLASH_COUNT = 6;

/** JPEG bytes by splash index; every file shows the same committed images. */
export type SplashImages = readonly Buffer[];

export async function loadSplashImages(): Promise<SplashImages> {
  const images: Buffer[] = [];
  for (let index = 0; index < SPLASH_COUNT; index += 1) {
    images.push(await readFile(new URL(`../../fixtures/splash-${index}.jpg`, import.meta.url)));
  }
  return images;
}

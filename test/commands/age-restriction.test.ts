import { describe, expect, it } from 'vitest';
import {
  type PolicyChannel,
  allowsAdultContent,
  allowsAdultContentNow,
} from '../../src/discord/age-restriction.js';

function channel(options: {
  dm?: boolean;
  thread?: boolean;
  nsfw?: boolean;
  parentId?: string;
}): PolicyChannel {
  return {
    isDMBased: () => options.dm === true,
    isThread: () => options.thread === true,
    nsfw: options.nsfw,
    parentId: options.parentId ?? null,
  };
}

describe('age restriction policy', () => {
  it('allows a DM', () => {
    expect(allowsAdultContentNow(channel({ dm: true }))).toBe(true);
  });

  it('follows the channel flag', () => {
    expect(allowsAdultContentNow(channel({ nsfw: true }))).toBe(true);
    expect(allowsAdultContentNow(channel({ nsfw: false }))).toBe(false);
    expect(allowsAdultContentNow(channel({}))).toBe(false);
  });

  it('declines an unknown channel', () => {
    expect(allowsAdultContentNow(null)).toBe(false);
  });

  it('needs the parent to decide for a thread', () => {
    expect(allowsAdultContentNow(channel({ thread: true, parentId: '1' }))).toBeUndefined();
  });

  it('lets a thread follow its parent', async () => {
    const parents: Record<string, PolicyChannel> = {
      '1': channel({ nsfw: true }),
      '2': channel({ nsfw: false }),
    };
    const lookup = (id: string) => Promise.resolve(parents[id] ?? null);

    expect(await allowsAdultContent(channel({ thread: true, parentId: '1' }), lookup)).toBe(true);
    expect(await allowsAdultContent(channel({ thread: true, parentId: '2' }), lookup)).toBe(false);
    expect(await allowsAdultContent(channel({ thread: true, parentId: '3' }), lookup)).toBe(false);
  });

  it('ignores an age-restricted flag on the thread itself', async () => {
    const lookup = () => Promise.resolve(channel({ nsfw: false }));

    expect(await allowsAdultContent(channel({ thread: true, nsfw: true, parentId: '1' }), lookup)).toBe(
      false,
    );
  });
});

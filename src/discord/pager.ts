import { ButtonStyle, ComponentType } from 'discord.js';
import type { APIActionRowComponent, APIButtonComponent } from 'discord-api-types/v10';

/**
 * Previous and Next buttons for page `page` (from 0) of `pageCount`, with
 * custom IDs from `customIdFor`, so each button names the page it opens.
 * No row for a single page. At either end the button that would leave the
 * range is disabled and keeps a page inside it, so the two IDs differ.
 */
export function pagerRows(
  customIdFor: (page: number) => string,
  page: number,
  pageCount: number,
): Array<APIActionRowComponent<APIButtonComponent>> {
  if (pageCount <= 1) return [];

  const last = pageCount - 1;
  return [
    {
      type: ComponentType.ActionRow,
      components: [
        {
          type: ComponentType.Button,
          style: ButtonStyle.Secondary,
          label: 'Previous',
          custom_id: customIdFor(Math.max(page - 1, 0)),
          disabled: page <= 0,
        },
        {
          type: ComponentType.Button,
          style: ButtonStyle.Secondary,
          label: 'Next',
          custom_id: customIdFor(Math.min(page + 1, last)),
          disabled: page >= last,
        },
      ],
    },
  ];
}

/** Reads a page number from a custom ID part; null unless it is a whole number from 0. */
export function parsePage(value: string | undefined): number | null {
  if (value === undefined || !/^\d{1,6}$/.test(value)) return null;
  return Number(value);
}

/** "Page 2 of 5", or nothing for a single page. */
export function pageLabel(page: number, pageCount: number): string {
  return pageCount <= 1 ? '' : `Page ${page + 1} of ${pageCount}.`;
}

import type { Context } from 'hono';
import { FAVICON_ICO, ICON_PNG, ICONS_MADE, LOGO_PNG } from '../render/default-icons.ts';
import type { FeedContext } from './feed-routes.ts';
import { createRepresentation, type Representation } from './representation.ts';
import { sendRepresentation } from './send.ts';

const FILES = {
  '/icon.png': { base64: ICON_PNG, type: 'image/png' },
  '/logo.png': { base64: LOGO_PNG, type: 'image/png' },
  '/favicon.ico': { base64: FAVICON_ICO, type: 'image/vnd.microsoft.icon' },
} as const;

export type IconPath = keyof typeof FILES;
export const ICON_PATHS = Object.keys(FILES) as IconPath[];

const made = new Map<IconPath, Promise<Representation>>();

/**
 * The shipped site icons, with validators like every answer. With SITE_ICON set, /favicon.ico
 * (which browsers ask for by themselves) answers 301 to it; the others stay for old links.
 */
export function serveIcon(c: Context, ctx: FeedContext, path: IconPath): Promise<Response> {
  if (path === '/favicon.ico' && ctx.config.siteIcon) {
    return Promise.resolve(c.redirect(ctx.config.siteIcon, 301));
  }
  let representation = made.get(path);
  if (!representation) {
    const { base64, type } = FILES[path];
    const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
    made.set(path, (representation = createRepresentation(bytes, type, ICONS_MADE)));
  }
  return representation.then((r) =>
    sendRepresentation(c, r, ctx.encoders, {
      cacheControl: ctx.cacheControl,
      vary: 'Accept-Encoding',
    }),
  );
}

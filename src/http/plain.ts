import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/**
 * An error answer: one short plain-text line, never a stack trace or an internal path. A
 * message may quote the request (a parameter's name); its control characters and line
 * separators are written as `\u…` escapes, so that it stays one line whatever was sent.
 */
export function plain(c: Context, status: ContentfulStatusCode, message: string): Response {
  return c.text(oneLine(message), status, { 'Content-Type': 'text/plain; charset=utf-8' });
}

/**
 * The same answer outside the app (the Worker's entry, before a store version is there to
 * route with), with the header the app's guard adds to every answer.
 */
export function plainResponse(
  status: number,
  message: string,
  headers: Record<string, string> = {},
): Response {
  return new Response(oneLine(message), {
    status,
    headers: {
      'Content-Type': 'text/plain; charset=utf-8',
      'X-Content-Type-Options': 'nosniff',
      ...headers,
    },
  });
}

function oneLine(message: string): string {
  const line = message.replace(
    /[\u0000-\u001f\u007f\u2028\u2029]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return `${line}\n`;
}

import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/**
 * An error answer: one short plain-text line, never a stack trace or an internal path. A
 * message may quote the request (a parameter's name); its control characters and line
 * separators are written as `\u…` escapes, so that it stays one line whatever was sent.
 */
export function plain(c: Context, status: ContentfulStatusCode, message: string): Response {
  const line = message.replace(
    /[\u0000-\u001f\u007f\u2028\u2029]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return c.text(`${line}\n`, status, { 'Content-Type': 'text/plain; charset=utf-8' });
}

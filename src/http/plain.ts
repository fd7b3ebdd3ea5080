import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** An error answer: one short plain-text line, never a stack trace or an internal path. */
export function plain(c: Context, status: ContentfulStatusCode, message: string): Response {
  return c.text(`${message}\n`, status, { 'Content-Type': 'text/plain; charset=utf-8' });
}

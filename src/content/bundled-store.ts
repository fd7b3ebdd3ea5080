import type { StoreFile } from './article.ts';

/**
 * A store file as the Worker bundle carries it: UTF-8 text as a string (smaller
 * once the bundle is compressed), anything else as base64, so the Worker sees the
 * very bytes the Node server reads and reports a bad file the same way.
 */
export type BundledFile = { path: string; text: string } | { path: string; base64: string };

const encoder = new TextEncoder();

export function unbundle(files: readonly BundledFile[]): StoreFile[] {
  return files.map((file) => ({
    path: file.path,
    bytes: 'text' in file ? encoder.encode(file.text) : decodeBase64(file.base64),
  }));
}

function decodeBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

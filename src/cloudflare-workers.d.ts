// The one part of the Workers runtime module used here: the bindings ([vars]) at module scope.
declare module 'cloudflare:workers' {
  export const env: Readonly<Record<string, string | undefined>>;
}

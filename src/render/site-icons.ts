import type { Config } from '../config.ts';

/** Where a feed's images are: the newsroom's SITE_ICON for all three, else the shipped ones. */
export interface SiteIcons {
  /** Square: RSS `image`, Atom `icon` (RFC 4287 section 4.2.5), JSON Feed `icon`. */
  icon: string;
  /** Twice as wide as high where it can be: Atom `logo` (section 4.2.8). */
  logo: string;
  /** Small and square: JSON Feed `favicon`, and what /favicon.ico leads to. */
  favicon: string;
}

export function siteIcons(config: Config): SiteIcons {
  const own = config.siteIcon;
  if (own) return { icon: own, logo: own, favicon: own };
  const base = config.siteUrl;
  return { icon: `${base}/icon.png`, logo: `${base}/logo.png`, favicon: `${base}/favicon.ico` };
}

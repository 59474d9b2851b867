// Proper names the catalogues share: products are called the same in every language. Typed
// against the generated codes, so a VPN client or DNS preset added in Rust fails the type check
// until it has a name here.
import type { Provider, ResolverPreset, VpnClient } from "../types";

/** The companies whose status pages the engine reads, by their `Provider` code. */
export const STATUS_PROVIDERS = {
  cloudflare: "Cloudflare",
  fastly: "Fastly",
  cloudfront: "Amazon CloudFront",
  akamai: "Akamai",
  azure_front_door: "Azure Front Door",
  vercel: "Vercel",
  netlify: "Netlify",
  github_pages: "GitHub Pages",
  heroku: "Heroku",
} satisfies Record<Exclude<Provider, "site">, string>;

export const VPN_CLIENTS = {
  wireguard: "WireGuard",
  openvpn: "OpenVPN",
  cisco_secure_client: "Cisco Secure Client",
  global_protect: "GlobalProtect",
  fortinet: "FortiClient",
  zscaler: "Zscaler",
  nordvpn: "NordVPN",
  protonvpn: "Proton VPN",
  tailscale: "Tailscale",
  mullvad: "Mullvad VPN",
  expressvpn: "ExpressVPN",
  ivanti_secure_access: "Ivanti Secure Access",
  checkpoint: "Check Point VPN",
  zerotier: "ZeroTier",
  strongswan: "strongSwan",
} satisfies Record<VpnClient, string>;

export const DNS_PRESETS = {
  cloudflare: "Cloudflare DNS",
  google: "Google Public DNS",
  quad9: "Quad9",
} satisfies Record<ResolverPreset, string>;

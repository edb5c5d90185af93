// What a report may link to and show in an iframe. Pure: no DOM. Iframes come only from
// the hosts of ../../../src/panelbank/pages/embed_hosts.json, the one list (the report
// page's Content-Security-Policy allows exactly those in frame-src); anything else is a
// plain link, and a link only when it is http(s) or mailto (never javascript: or data:).
import hosts from "../../../src/panelbank/pages/embed_hosts.json";

export const EMBED_HOSTS: readonly string[] = hosts.frame;

export interface Embed {
  src: string; // the iframe's address, on an allowed host
  link: string | null; // where the thing lives, for a plain link beside or instead of it
  title: string;
}

/** `url` if it is safe to follow (http, https, mailto; with `relative`, a same-site path
 *  too), else null. */
export function safeHref(url: string, { relative = false } = {}): string | null {
  const text = url.trim();
  if (!text) return null;
  if (relative && text.startsWith("/") && !text.startsWith("//")) return text;
  try {
    const parsed = new URL(text);
    return ["http:", "https:", "mailto:"].includes(parsed.protocol) ? parsed.href : null;
  } catch {
    return null;
  }
}

/** Whether an iframe may show `src`: https, on one of the allowed hosts. */
export function allowedFrame(src: string): boolean {
  try {
    const url = new URL(src);
    return url.protocol === "https:" && EMBED_HOSTS.includes(url.hostname);
  } catch {
    return false;
  }
}

function checked(embed: Embed): Embed | null {
  return allowedFrame(embed.src) ? embed : null;
}

/** The iframe for a video address: YouTube (shown from youtube-nocookie) or Vimeo;
 *  null for anything else (a direct video file is played by a <video>, other pages linked). */
export function videoEmbed(url: string): Embed | null {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return null;
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return null;
  const host = parsed.hostname.replace(/^(www\.|m\.)/, "");
  const id = /^[A-Za-z0-9_-]{1,64}$/;
  let video: string | null = null;
  if (host === "youtube.com" || host === "youtube-nocookie.com") {
    video = parsed.pathname === "/watch" ? parsed.searchParams.get("v") : /^\/(?:embed|shorts)\/([^/]+)/.exec(parsed.pathname)?.[1] ?? null;
  } else if (host === "youtu.be") {
    video = parsed.pathname.slice(1);
  }
  if (video && id.test(video)) {
    return checked({ src: `https://www.youtube-nocookie.com/embed/${video}`, link: parsed.href, title: "YouTube video" });
  }
  const vimeo = host === "vimeo.com" ? /^\/(\d{1,20})$/.exec(parsed.pathname)?.[1] : null;
  if (vimeo) return checked({ src: `https://player.vimeo.com/video/${vimeo}`, link: parsed.href, title: "Vimeo video" });
  return null;
}

/** The `src` of the first iframe in an embed code, or null. */
export function iframeSrc(html: string): string | null {
  const m = /<iframe\b[^>]*?\bsrc\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(html);
  if (!m) return null;
  return (m[2] ?? m[3] ?? m[4] ?? "").replace(/&amp;/g, "&");
}

/** The embed of a block (`video`, `spotify`, `soundcloud`, `twitter`), null when it has
 *  nothing an allowed host can show. */
export function embedFor(type: string, block: Record<string, any>): Embed | null {
  if (type === "video") return videoEmbed(String(block.url ?? ""));
  if (type === "spotify") {
    const id = String(block.spotifyID ?? "");
    const kind = ["track", "album", "playlist", "episode", "show", "artist"].includes(block.spotifyType) ? block.spotifyType : "track";
    if (!/^[A-Za-z0-9]{1,64}$/.test(id)) return null;
    return checked({ src: `https://open.spotify.com/embed/${kind}/${id}`, link: `https://open.spotify.com/${kind}/${id}`, title: `Spotify ${kind}` });
  }
  if (type === "soundcloud") {
    const src = iframeSrc(String(block.html ?? ""));
    if (!src) return null;
    let link: string | null = null;
    try {
      link = safeHref(new URL(src).searchParams.get("url") ?? "");
    } catch {
      link = null;
    }
    return checked({ src, link, title: "SoundCloud" });
  }
  if (type === "twitter") {
    const html = String(block.html ?? "");
    const status = /https?:\/\/(?:www\.)?(?:twitter|x)\.com\/([A-Za-z0-9_]{1,15})\/status\/(\d{1,25})/.exec(html);
    if (!status) return null;
    return checked({
      src: `https://platform.twitter.com/embed/Tweet.html?id=${status[2]}`,
      link: `https://twitter.com/${status[1]}/status/${status[2]}`,
      title: `Post by @${status[1]}`,
    });
  }
  return null;
}

/** Whether a video address is a file a <video> element plays (mp4, webm, ogg, mov). */
export function isVideoFile(url: string): boolean {
  return /^https?:\/\/[^?#]+\.(mp4|webm|ogg|ogv|mov)([?#].*)?$/i.test(url.trim());
}

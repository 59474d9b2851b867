// Copying text: the clipboard plugin first (it works where the webview refuses the Clipboard
// API), then the Clipboard API. Returns false when both refuse (outside the app, no permission),
// so the caller can select the text instead.
import { copyToClipboard } from "./ipc";

export async function copyText(text: string): Promise<boolean> {
  try {
    await copyToClipboard(text);
    return true;
  } catch {
    // Not in the app (tests, the a11y build) or the plugin refused: try the browser's own.
  }
  try {
    if (typeof navigator === "undefined" || !navigator.clipboard?.writeText) return false;
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

// Copying text: the Clipboard API when the platform allows it. Returns false when it refuses
// (no permission, no secure context, no API) so the caller can select the text instead.
export async function copyText(text: string): Promise<boolean> {
  try {
    if (typeof navigator === "undefined" || !navigator.clipboard?.writeText) return false;
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

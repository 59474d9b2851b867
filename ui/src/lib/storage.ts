// localStorage that never throws: private windows, quotas and disabled storage must not
// break the wizard; the worst case is that nothing is remembered.
export const KEYS = {
  recent: "site-doctor.recent",
  language: "site-doctor.language",
  vantage: "site-doctor.vantage",
} as const;

function store(): Storage | null {
  try {
    return typeof localStorage === "undefined" ? null : localStorage;
  } catch {
    return null;
  }
}

export function readJson(key: string): unknown {
  try {
    const raw = store()?.getItem(key);
    return raw == null ? null : (JSON.parse(raw) as unknown);
  } catch {
    return null;
  }
}

export function writeJson(key: string, value: unknown): void {
  try {
    store()?.setItem(key, JSON.stringify(value));
  } catch {
    // Full or disabled storage: forget quietly.
  }
}

export function remove(key: string): void {
  try {
    store()?.removeItem(key);
  } catch {
    // Nothing to clear.
  }
}

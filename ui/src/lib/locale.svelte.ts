// The active language as reactive state: every `t()` call made while rendering reads it,
// so switching language re-renders the words without resetting where the user is.
export type Lang = "en" | "es" | "de";

export const locale = $state<{ lang: Lang }>({ lang: "en" });

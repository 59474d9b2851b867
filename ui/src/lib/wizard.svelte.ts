// The wizard wired to the real engine (Tauri IPC), the consent answer and the recent-sites list,
// its state made reactive so the screens follow it. The machine itself is in ./wizard.ts, where
// tests drive it without Svelte or Tauri.
import { askElsewhere, chooseVantage, initVantage, needsConsent, setServices } from "./consent.svelte";
import { t, tFirst } from "./i18n";
import { asUiError, cancelCheck, checkSite, fixContext, fixRun, onOpenSite, vantageServices } from "./ipc";
import { clearRecent, loadRecent, rememberSite } from "./recent";
import { createWizard, initialState, type Wizard, type WizardState } from "./wizard-machine";
import type { UiError } from "./types";

/** The window's wizard; call once, when the window starts. */
export function appWizard(): Wizard {
  // The remembered answer now; which services a check may ask as soon as the engine says. A
  // failure to say counts as "none": then nothing is asked, and neither is the user.
  initVantage();
  const ready = vantageServices()
    .catch((): string[] => [])
    .then(setServices);
  const state = $state<WizardState>(initialState(loadRecent()));
  const wizard = createWizard(state, {
    // Whatever Tauri throws becomes a UiError here, so the machine only ever sees known codes.
    checkSite: (input, vantage, onEvent) =>
      checkSite(input, vantage, onEvent).catch((e: unknown) => Promise.reject(asUiError(e))),
    cancelCheck,
    ready,
    consent: { needed: needsConsent, granted: askElsewhere, choose: chooseVantage },
    recent: { remember: rememberSite, clear: clearRecent },
    fix: {
      run: (action) => fixRun(action).catch((e: unknown) => Promise.reject(asUiError(e))),
      context: fixContext,
    },
  });
  // A resolver switch not yet undone (even from an earlier session) shows on the start screen.
  void wizard.loadFix();
  // `site-doctor https://…` (at launch, or handed over by a second launch): check it as typed.
  onOpenSite((site) => wizard.openSite(site)).catch(() => {});
  return wizard;
}

/** The sentence under the box for a failed check; "" when there is none. */
export function errorText(error: UiError | null): string {
  if (!error) return "";
  return error.code === "bad_input"
    ? tFirst([`badInput.${error.reason ?? ""}`], "error.bad_input")
    : t(`error.${error.code}`);
}

/**
 * Runs `fn` once no mouse button or touch is held down.
 *
 * A field's error appears when the field is left. When it is left by pressing a button below it,
 * the error pushes that button down between press and release, and the click lands beside it: the
 * "Create contact" press would be lost. Waiting for the release lets the click happen first.
 */
let pressed = false
let installed = false
const waiting: (() => void)[] = []

function release(): void {
  pressed = false
  // After the click that follows this release has been dispatched.
  setTimeout(() => waiting.splice(0).forEach((fn) => fn()), 0)
}

/** Call while setting up a field: the press that leaves it must already be seen. */
export function trackPointer(): void {
  if (installed) return
  installed = true
  document.addEventListener('pointerdown', () => (pressed = true), true)
  document.addEventListener('pointerup', release, true)
  document.addEventListener('pointercancel', release, true)
  // A press that ends outside the window never reports its release.
  window.addEventListener('blur', release)
}

export function whenPointerReleased(fn: () => void): void {
  if (pressed) waiting.push(fn)
  else fn()
}

/** The visible asterisk of a required field; the control itself says aria-required. */
export function RequiredMark({ required }: { required?: boolean }) {
  return required ? <span aria-hidden="true"> *</span> : null;
}

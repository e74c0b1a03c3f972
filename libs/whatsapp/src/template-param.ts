/**
 * Meta rejects a template parameter containing new-lines, tabs or more than 4 consecutive spaces
 * ("Param text cannot have new-line/tab characters or more than 4 consecutive spaces", WHATSAPP.md §4.7).
 * Fixed line breaks must live in the approved template text; a variable can only carry one line.
 */

// Everything that renders as a line break or tab on a phone, not only \n and \t.
const BREAKS = /[\r\n\t\v\f\u0085\u2028\u2029]+/g;
const SPACE_RUN = / {2,}/g;

/** Turns arbitrary staff-typed text into a value Meta accepts as a template parameter. */
export function toTemplateParam(text: string): string {
  return text.replace(BREAKS, ' ').replace(SPACE_RUN, ' ').trim();
}

/** Why Meta would refuse this parameter value, or undefined when it is acceptable. */
export function templateParamProblem(text: string): string | undefined {
  if (/[\r\n]/.test(text)) return 'contains a new-line';
  if (/\t/.test(text)) return 'contains a tab';
  if (/ {5,}/.test(text)) return 'contains more than 4 consecutive spaces';
  return undefined;
}

/**
 * The email format moved to `formats/email.ts`; this module keeps the old import path working
 * for the notifiers until they render through `renderMessage`.
 */
export { MAX_SUBJECT_LENGTH, renderEmail, renderSubject } from './formats/email';
export type { EmailOptions, RenderedEmail } from './formats/email';

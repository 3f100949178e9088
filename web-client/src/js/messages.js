// The message catalogue: one module per language, the same keys in each; {name} placeholders are filled by t().
// Add a language by adding a module with the same keys (a missing key falls back to English) and listing it here.

import { EN } from './messages-en.js';
import { ES } from './messages-es.js';
import { QA_EN } from './messages-qa-en.js';
import { QA_ES } from './messages-qa-es.js';

// The quality pages' strings are kept in modules of their own (messages-qa-*.js).
export const MESSAGES = { en: { ...EN, ...QA_EN }, es: { ...ES, ...QA_ES } };

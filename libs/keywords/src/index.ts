export { normalizeMessage, normalizePhrase, normalizeWord, symbolKey, tokenize } from './normalize';
export type { Token, TokenizedMessage } from './normalize';
export { editDistance, withinOneEdit } from './edit-distance';
export {
  ACTION_LABELS,
  KEYWORD_ACTIONS,
  MAX_PHRASE_LENGTH,
  MAX_PHRASE_WORDS,
  checkKeywordSet,
  phraseKey,
  validateKeywordSet,
} from './keyword-set';
export type {
  CaptureField,
  KeywordAction,
  KeywordRule,
  KeywordSet,
  KeywordSetProblem,
  KeywordSetProblemCode,
  TopicDefinition,
  ValidateOptions,
} from './keyword-set';
export { MAX_CAPTURE_WORDS, captureFields, joinItalian, missingFieldsPrompt } from './capture';
export type { CaptureMethod, CaptureOutcome } from './capture';
export { matchDetailsReply, matchMessage } from './matcher';
export type { MatchAction, MatchOptions, MatchResult, TypoCorrection } from './matcher';
export { KEYWORD_PRESETS, PRESET_SLUGS, TOPICS, genericPreset, isPresetSlug, presetFor, topicRules } from './presets';
export type { PresetSlug } from './presets';
export { BUILT_IN_CONFIRM_WORDS, BUILT_IN_STOP_WORDS } from './vocabulary';

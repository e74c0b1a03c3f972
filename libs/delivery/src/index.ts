// Public API of @bacheca/delivery. Other libs import from here only.

// The outbox (Nest module, repository, sender) is written alongside; its own index lists its exports.
export * from './outbox';

export { SEND_PRIORITIES } from './planning/priority';
export { batchingFor } from './planning/batching';
export type { SendPriority } from './planning/priority';

export {
  WEEKDAYS,
  addDays,
  clockReaches,
  daysBetween,
  formatClockTime,
  isValidTimeZone,
  localParts,
  offsetMs,
  parseClockTime,
  resolveLocal,
  secondOfDay,
  weekdayOf,
  zonedInstant,
} from './planning/zoned-time';
export type { ClockTime, Disambiguation, LocalDate, LocalDateTime, LocalResolution, Weekday } from './planning/zoned-time';

export { checkQuietHours, describeQuietHours, isQuiet, nextSendableAt } from './planning/quiet-hours';
export type { QuietHours, QuietHoursProblem, QuietHoursProblemCode } from './planning/quiet-hours';

export {
  WEEKDAY_LABELS,
  checkDigestSchedule,
  describeDigestSchedule,
  nextDigestAt,
  previousDigestAt,
  validateDigestSchedule,
} from './planning/digest-schedule';
export type { DigestSchedule, DigestScheduleProblem, DigestScheduleProblemCode } from './planning/digest-schedule';

export {
  MESSAGING_LIMIT_WINDOW_MS,
  MESSAGING_TIER_LIMITS,
  isMessagingTier,
  messagingLimitOf,
  planReach,
  planReachForDemands,
} from './planning/messaging-limit';
export type {
  DemandPlan,
  MessagingTier,
  PlanReachForDemandsInput,
  PlanReachInput,
  ReachBucket,
  ReachDemand,
  ReachPlan,
  ReachSlot,
} from './planning/messaging-limit';

export { estimateSend } from './planning/estimate';
export type { EstimateSendInput, SendEstimate } from './planning/estimate';
export { formatCount } from './planning/italian';

export {
  CUSTOMER_SERVICE_WINDOW_MS,
  DEFAULT_WINDOW_SAFETY_MS,
  MAX_TEMPLATE_BODY_LENGTH,
  MAX_TEXT_LENGTH,
  checkBroadcastText,
  chooseMessageForm,
  flattenForTemplate,
  renderTemplateParams,
  serviceWindowClosesAt,
  truncateText,
} from './planning/message-form';
export type {
  BroadcastTextProblem,
  BroadcastTextProblemCode,
  MessageForm,
  RenderTemplateOptions,
  RenderedTemplateParams,
} from './planning/message-form';

export { DEFAULT_MPS, LANES, initialFairShareState, nextBatches } from './planning/fair-share';
export type { Batch, FairShareInput, FairShareState, Lane, PendingWork } from './planning/fair-share';

export { BACKOFF_POLICIES, retryCauseOf, retryDelayMs } from './planning/backoff';
export type { BackoffPolicy, RetryCause, RetryDelayInput } from './planning/backoff';

export { SendRateLimiter, defaultBurst } from './rate-limiter';
export type { RateGrant, RateRequest } from './rate-limiter';

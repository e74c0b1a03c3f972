/**
 * What each Cloud API error code means for a sender, after WHATSAPP.md §5 (Meta's `support/error-codes`
 * page, Nov 2025, plus Courier's classification) and §2.5 / §4.5 / §4.7 for the codes introduced there.
 *
 * - kind: what the sender does next.
 *   throttled   = slow down and retry later;
 *   temporary   = retry with backoff, the request was fine;
 *   credentials = stop sending from this number until staff fix the token, permissions, billing or account;
 *   permanent   = this send will never succeed as it is; do not retry it.
 * - scope: who else is affected.
 *   number    = every send from this business number (or its app/WABA) should wait or stop;
 *   recipient = only this citizen is affected (e.g. pair rate limit, not on WhatsApp);
 *   message   = only this request (its payload) is wrong;
 *   template  = every send of the same template will fail the same way (halt the campaign).
 * - retryAfterMs: a suggested first wait; callers grow it exponentially on repeated failures.
 */
export type CloudApiErrorKind = 'throttled' | 'temporary' | 'permanent' | 'credentials';
export type CloudApiErrorScope = 'number' | 'recipient' | 'message' | 'template';

export interface ErrorCodeInfo {
  kind: CloudApiErrorKind;
  scope: CloudApiErrorScope;
  retryAfterMs?: number;
  /** Shown to town staff next to a failed delivery. */
  reasonIt: string;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

const PERMISSION_MISSING_IT =
  "Permessi mancanti o revocati per il token di accesso: verificare i permessi dell'app e l'accesso al numero";

export const ERROR_CODES: ReadonlyMap<number, ErrorCodeInfo> = new Map<number, ErrorCodeInfo>([
  // Throttling: Courier's set {4, 80007, 130429, 131048, 131056, 133016}.
  [4, { kind: 'throttled', scope: 'number', retryAfterMs: MINUTE, reasonIt: "Limite di chiamate dell'app raggiunto: invio rallentato, verrà ritentato" }],
  [80007, { kind: 'throttled', scope: 'number', retryAfterMs: MINUTE, reasonIt: "Limite di chiamate dell'account WhatsApp Business raggiunto: invio rallentato, verrà ritentato" }],
  // 80 mps by default; the bucket refills within a second.
  [130429, { kind: 'throttled', scope: 'number', retryAfterMs: SECOND, reasonIt: 'Limite di messaggi al secondo del numero raggiunto: invio rallentato, verrà ritentato' }],
  [131048, { kind: 'throttled', scope: 'number', retryAfterMs: 15 * MINUTE, reasonIt: 'Invii limitati per segnalazioni di spam (molti blocchi o segnalazioni): verificare la qualità dei messaggi' }],
  // Pair limit is one message per 6 s to the same citizen; Meta advises 4^X s backoff. Others are unaffected.
  [131056, { kind: 'throttled', scope: 'recipient', retryAfterMs: 6 * SECOND, reasonIt: 'Troppi messaggi allo stesso cittadino in poco tempo: verrà ritentato più tardi' }],
  [133016, { kind: 'throttled', scope: 'number', retryAfterMs: 24 * HOUR, reasonIt: 'Troppi tentativi di registrazione del numero: attendere prima di riprovare' }],

  // Temporary: the request was fine, Meta was not.
  [1, { kind: 'temporary', scope: 'number', retryAfterMs: 5 * SECOND, reasonIt: 'Errore sconosciuto di WhatsApp: verrà ritentato' }],
  [2, { kind: 'temporary', scope: 'number', retryAfterMs: 5 * SECOND, reasonIt: 'Servizio WhatsApp temporaneamente non disponibile: verrà ritentato' }],
  [131000, { kind: 'temporary', scope: 'message', retryAfterMs: 5 * SECOND, reasonIt: 'Errore interno di WhatsApp: verrà ritentato' }],
  [131016, { kind: 'temporary', scope: 'number', retryAfterMs: 5 * SECOND, reasonIt: 'Servizio WhatsApp sovraccarico: verrà ritentato' }],
  [133004, { kind: 'temporary', scope: 'number', retryAfterMs: 5 * SECOND, reasonIt: 'Server WhatsApp temporaneamente non disponibile: verrà ritentato' }],
  // Throughput upgrades make the number unusable for up to a minute.
  [131057, { kind: 'temporary', scope: 'number', retryAfterMs: MINUTE, reasonIt: 'Account WhatsApp in manutenzione (circa un minuto): verrà ritentato' }],
  // Courier retries media upload failures: Meta could not fetch our link this time.
  [131053, { kind: 'temporary', scope: 'message', retryAfterMs: 30 * SECOND, reasonIt: 'WhatsApp non è riuscito a caricare il file allegato: verrà ritentato' }],

  // Credentials and account configuration: nothing from this number will pass until staff act.
  [0, { kind: 'credentials', scope: 'number', reasonIt: 'Autenticazione non riuscita: il token di accesso del numero non è valido' }],
  [190, { kind: 'credentials', scope: 'number', reasonIt: 'Token di accesso scaduto o non valido: generarne uno nuovo per questo numero' }],
  [3, { kind: 'credentials', scope: 'number', reasonIt: "L'app non ha il permesso di usare questa funzione: verificare i permessi" }],
  [10, { kind: 'credentials', scope: 'number', reasonIt: PERMISSION_MISSING_IT }],
  // 200–299 are handled as a range in classification; 200 is the one Meta documents for missing asset access.
  [200, { kind: 'credentials', scope: 'number', reasonIt: PERMISSION_MISSING_IT }],
  [131042, { kind: 'credentials', scope: 'number', reasonIt: "Problema di pagamento sull'account WhatsApp Business: sistemare la fatturazione prima di inviare" }],
  [131031, { kind: 'credentials', scope: 'number', reasonIt: "Account WhatsApp Business bloccato: verificare lo stato dell'account e la verifica aziendale" }],
  [368, { kind: 'credentials', scope: 'number', reasonIt: "Account temporaneamente bloccato per violazione delle regole di WhatsApp" }],
  [133010, { kind: 'credentials', scope: 'number', reasonIt: 'Il numero del Comune non è registrato sulla Cloud API' }],
  // A country restriction: for a comune writing to +39 numbers this stops practically every send, so it is
  // treated as an account-level stop for staff rather than a per-message failure.
  [130497, { kind: 'credentials', scope: 'number', reasonIt: "L'account non può inviare messaggi ai numeri di questo paese" }],

  // Permanent: fix the request, the template, or give up on this recipient.
  [100, { kind: 'permanent', scope: 'message', reasonIt: 'Richiesta non valida: parametro errato o mancante' }],
  [131008, { kind: 'permanent', scope: 'message', reasonIt: 'Parametro obbligatorio mancante nella richiesta' }],
  [131009, { kind: 'permanent', scope: 'message', reasonIt: 'Valore di un parametro non valido' }],
  [131021, { kind: 'permanent', scope: 'recipient', reasonIt: 'Il destinatario coincide con il numero del Comune' }],
  [131026, { kind: 'permanent', scope: 'recipient', reasonIt: 'Il numero non è su WhatsApp o non può ricevere messaggi' }],
  [131047, { kind: 'permanent', scope: 'recipient', reasonIt: 'Sono passate più di 24 ore dall’ultimo messaggio del cittadino: serve un modello approvato' }],
  // Per-user marketing cap: the citizen may receive again after a day; this send is lost.
  [131049, { kind: 'permanent', scope: 'recipient', retryAfterMs: 24 * HOUR, reasonIt: 'WhatsApp non ha consegnato il messaggio per limitare i messaggi promozionali a questo cittadino' }],
  [131050, { kind: 'permanent', scope: 'recipient', reasonIt: 'Il cittadino ha disattivato la ricezione di messaggi promozionali da questo numero' }],
  [131051, { kind: 'permanent', scope: 'message', reasonIt: 'Tipo di messaggio non supportato' }],
  [131052, { kind: 'permanent', scope: 'message', reasonIt: 'Impossibile scaricare il file ricevuto' }],
  [132000, { kind: 'permanent', scope: 'message', reasonIt: 'Il numero di parametri non corrisponde a quello del modello' }],
  [132001, { kind: 'permanent', scope: 'template', reasonIt: 'Modello inesistente in questa lingua o non ancora approvato' }],
  [132005, { kind: 'permanent', scope: 'message', reasonIt: 'Il testo del modello compilato è troppo lungo' }],
  [132007, { kind: 'permanent', scope: 'template', reasonIt: 'Il contenuto del modello viola le regole di WhatsApp' }],
  [132012, { kind: 'permanent', scope: 'message', reasonIt: 'Formato dei parametri del modello non corretto' }],
  // Paused/disabled templates: sends are rejected (not charged). Not 'credentials' because the number
  // still works for other templates and replies; scope 'template' tells the caller to halt the campaign.
  [132015, { kind: 'permanent', scope: 'template', reasonIt: 'Modello sospeso per bassa qualità: invio interrotto finché non torna attivo' }],
  [132016, { kind: 'permanent', scope: 'template', reasonIt: 'Modello disattivato definitivamente per bassa qualità: serve un nuovo modello' }],
  // Reported with new-line/tab parameters (WHATSAPP.md §4.7); the code itself is UNCONFIRMED (§9).
  [132018, { kind: 'permanent', scope: 'message', reasonIt: 'Un parametro del modello contiene a capo, tabulazioni o troppi spazi consecutivi' }],
  [131062, { kind: 'permanent', scope: 'recipient', reasonIt: 'Questo messaggio non può essere inviato a un identificativo utente (BSUID): serve il numero di telefono' }],
]);

export const GENERIC_REASON_IT: Readonly<Record<CloudApiErrorKind, string>> = {
  throttled: 'Limite di invio raggiunto: verrà ritentato più tardi',
  temporary: 'WhatsApp non è raggiungibile in questo momento: verrà ritentato',
  credentials: 'Configurazione del numero WhatsApp non valida: contattare l’assistenza',
  permanent: 'WhatsApp ha rifiutato il messaggio',
};

import type { ServiceSettingsPatch } from '@bacheca/subscriptions';
import type { CreateComuneDto } from '@bacheca/tenancy';

export interface DemoComune extends CreateComuneDto {
  /** The town's number as its article gives it; the phone number id is the sandbox's. */
  whatsapp: { phoneNumberId: string; displayPhoneNumber: string; wabaId: string };
  service: Pick<ServiceSettingsPatch, 'eraseOnUnsubscribe' | 'confirmationRequired' | 'messages'>;
  sending?: { requireApproval?: boolean; quietHoursStart?: string; quietHoursEnd?: string; digestDays?: string[]; digestTime?: string };
  privacy: { title: string; url?: string; body?: string };
}

/**
 * The five comuni of the seed articles (shared/seeds), as the demo onboards them.
 * Contact channels are what each article tells citizens to use instead of the WhatsApp number.
 */
export const DEMO_COMUNI: DemoComune[] = [
  {
    slug: 'cormano',
    name: 'Cormano',
    istatCode: '015093',
    province: 'MI',
    status: 'active',
    contactUrl: 'https://www.comune.cormano.mi.it',
    whatsapp: { phoneNumberId: '100000000000001', displayPhoneNumber: '+39 335 652 8217', wabaId: '200000000000001' },
    service: {},
    privacy: {
      title: 'Informativa privacy del servizio WhatsApp',
      body: 'Il Comune di Cormano tratta il numero di telefono di chi si iscrive al servizio WhatsApp solo per inviare notizie di pubblica utilità. Inviando ATTIVA INFORMAZIONI CORMANO accetti la presente informativa. Puoi cancellarti in ogni momento scrivendo DISATTIVA ISCRIZIONE.',
    },
  },
  {
    slug: 'bientina',
    name: 'Bientina',
    istatCode: '050001',
    province: 'PI',
    status: 'active',
    contactEmail: 'urp@comune.bientina.pi.it',
    contactPhone: '0587 758456',
    contactUrl: 'https://www.comune.bientina.pi.it',
    whatsapp: { phoneNumberId: '100000000000002', displayPhoneNumber: '+39 366 577 5490', wabaId: '200000000000002' },
    service: {},
    privacy: { title: 'Informativa privacy servizio WhatsApp', url: 'https://www.comune.bientina.pi.it/privacy' },
  },
  {
    slug: 'rozzano',
    name: 'Rozzano',
    istatCode: '015189',
    province: 'MI',
    status: 'active',
    contactUrl: 'https://www.comune.rozzano.mi.it',
    whatsapp: { phoneNumberId: '100000000000003', displayPhoneNumber: '+39 02 822 61', wabaId: '200000000000003' },
    // One-way only: "activating the service, the citizen also agrees not to call or write on it" (seed article).
    service: {
      messages: {
        welcome:
          'Benvenuto in WhatsApp Rozzano! Riceverai informazioni di pubblica utilità, scadenze, modifiche alla viabilità, ' +
          'emergenze ed eventi. Il numero invia solo informazioni: attivando il servizio hai accettato di non chiamare né ' +
          'inviare messaggi a questo numero. Informativa privacy: {privacy}. Per cancellarti scrivi {unsubscribe}.',
      },
    },
    privacy: { title: 'Informativa privacy WhatsApp Rozzano', url: 'https://www.comune.rozzano.mi.it/privacy' },
  },
  {
    slug: 'saronno',
    name: 'Saronno',
    istatCode: '012119',
    province: 'VA',
    // Sign-ups are collected before the service goes live (seed article, Sept. 2022).
    status: 'pre_launch',
    contactEmail: 'urp@comune.saronno.va.it',
    contactApp: 'App Municipium',
    contactUrl: 'https://www.comune.saronno.va.it',
    whatsapp: { phoneNumberId: '100000000000004', displayPhoneNumber: '+39 334 367 9575', wabaId: '200000000000004' },
    // "Disattiva Notizie" deletes the number from the archive (seed article).
    service: { eraseOnUnsubscribe: true },
    // "Mainly in daytime, except urgent alerts" (seed article).
    sending: { quietHoursStart: '20:00', quietHoursEnd: '08:00' },
    privacy: { title: 'Documento di utilizzo del servizio @infoSaronno7', url: 'https://www.comune.saronno.va.it/privacy' },
  },
  {
    slug: 'san-giuliano-milanese',
    name: 'San Giuliano Milanese',
    istatCode: '015195',
    province: 'MI',
    status: 'active',
    contactEmail: 'urp@comune.sangiulianomilanese.mi.it',
    contactApp: 'App Municipium',
    contactUrl: 'https://www.comune.sangiulianomilanese.mi.it',
    whatsapp: { phoneNumberId: '100000000000005', displayPhoneNumber: '+39 338 470 6151', wabaId: '200000000000005' },
    // "Twice a week ... municipal services, transport and roads, events, weather alerts" (seed article):
    // the welcome says so and how to choose the topics.
    service: {
      messages: {
        welcome:
          'Benvenuto in San Giuliano WhatsApp! Due volte alla settimana riceverai informazioni su servizi comunali, ' +
          'trasporti e viabilità, eventi e allerta meteo. Per non ricevere un argomento scrivi ad esempio «DISATTIVA EVENTI», ' +
          'per riaverlo «ATTIVA EVENTI». Iscrivendoti hai accettato l’informativa privacy: {privacy}. ' +
          'Per cancellarti scrivi {unsubscribe}.',
      },
    },
    sending: { digestDays: ['tue', 'fri'], digestTime: '18:00' },
    privacy: { title: 'Informativa privacy San Giuliano WhatsApp', url: 'https://www.comune.sangiulianomilanese.mi.it/privacy-whatsapp' },
  },
];

import type { CreateComuneDto } from '@bacheca/tenancy';

/**
 * The five comuni of the seed articles (shared/seeds), as the demo onboards them.
 * Contact channels are what each article tells citizens to use instead of the WhatsApp number.
 */
export const DEMO_COMUNI: CreateComuneDto[] = [
  {
    slug: 'cormano',
    name: 'Cormano',
    istatCode: '015093',
    province: 'MI',
    status: 'active',
    contactUrl: 'https://www.comune.cormano.mi.it',
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
  },
  {
    slug: 'rozzano',
    name: 'Rozzano',
    istatCode: '015189',
    province: 'MI',
    status: 'active',
    contactUrl: 'https://www.comune.rozzano.mi.it',
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
  },
];

import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, MaxLength, Min } from 'class-validator';

export class CreateFeedDto {
  @ApiProperty({ example: 'Notizie dal sito del Comune' })
  @IsString()
  @Matches(/\S/, { message: 'name: indica un nome' })
  @MaxLength(120, { message: 'name: al massimo 120 caratteri' })
  name: string;

  @ApiProperty({ example: 'https://www.comune.cormano.mi.it/rss/notizie.xml', description: 'Indirizzo del feed RSS 2.0 o Atom (http o https)' })
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: 'url: indirizzo http o https non valido' })
  @MaxLength(2000, { message: 'url: al massimo 2000 caratteri' })
  url: string;

  @ApiProperty({ enum: ['review', 'auto'], description: 'review: ogni notizia diventa una bozza da rivedere; auto: viene inviata (rispettando orari di silenzio e approvazione)' })
  @IsIn(['review', 'auto'], { message: 'mode: review oppure auto' })
  mode: 'review' | 'auto';

  @ApiPropertyOptional({ type: [String], description: 'Argomenti dei messaggi creati; vuoto = tutti gli iscritti' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(/^[a-z_]{1,40}$/, { each: true, message: 'topics: solo lettere minuscole e trattini bassi' })
  topics?: string[];

  @ApiPropertyOptional({ description: 'Raccogliere le notizie nel riepilogo periodico del comune invece di inviarle una per una' })
  @IsOptional()
  @IsBoolean()
  digest?: boolean;

  @ApiPropertyOptional({ type: [String], example: ['Viabilità'], description: 'Solo notizie di queste categorie (vuoto = tutte)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(80, { each: true, message: 'filterCategories: al massimo 80 caratteri ciascuna' })
  filterCategories?: string[];

  @ApiPropertyOptional({ type: [String], example: ['lavori', 'allerta meteo'], description: 'Solo notizie che contengono una di queste parole (vuoto = tutte)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(80, { each: true, message: 'filterWords: al massimo 80 caratteri ciascuna' })
  filterWords?: string[];

  @ApiPropertyOptional({ default: 15, description: 'Ogni quanti minuti controllare il feed' })
  @IsOptional()
  @IsInt()
  @Min(1, { message: 'pollIntervalMinutes: almeno 1 minuto' })
  @Max(1440, { message: 'pollIntervalMinutes: al massimo 1440 minuti (un giorno)' })
  pollIntervalMinutes?: number;

  @ApiPropertyOptional({ default: true }) @IsOptional() @IsBoolean() enabled?: boolean;
}

export class UpdateFeedDto extends PartialType(CreateFeedDto) {}

export class FeedDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty() url: string;
  @ApiProperty({ enum: ['review', 'auto'] }) mode: 'review' | 'auto';
  @ApiProperty({ type: [String] }) topics: string[];
  @ApiProperty() digest: boolean;
  @ApiProperty({ type: [String] }) filterCategories: string[];
  @ApiProperty({ type: [String] }) filterWords: string[];
  @ApiProperty() enabled: boolean;
  @ApiProperty() pollIntervalMinutes: number;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'Ultimo controllo' }) lastFetchedAt: Date | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'Ultimo controllo riuscito' }) lastSuccessAt: Date | null;
  @ApiProperty({ nullable: true, type: String, description: 'Ultimo errore, in italiano' }) lastError: string | null;
  @ApiProperty({ description: 'Errori consecutivi' }) failures: number;
  @ApiProperty({ type: String, format: 'date-time' }) nextPollAt: Date;
  @ApiProperty({ description: 'Notizie importate' }) itemsImported: number;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
}

export class FeedItemDto {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
  @ApiProperty({ nullable: true, type: String }) link: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) publishedAt: Date | null;
  @ApiProperty({
    enum: ['baseline', 'filtered', 'draft', 'awaiting_approval', 'scheduled', 'digest'],
    description: 'baseline: già sul sito quando il feed è stato aggiunto; filtered: esclusa dai filtri',
  })
  outcome: string;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  @ApiProperty({ nullable: true, type: String }) broadcastId: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
}

export class FeedDetailDto extends FeedDto {
  @ApiProperty({ type: [FeedItemDto], description: 'Le ultime 50 notizie viste nel feed' }) items: FeedItemDto[];
}

export class PollResultDto {
  @ApiProperty({ enum: ['imported', 'not_modified', 'error', 'gone'] }) status: string;
  @ApiProperty() imported: number;
  @ApiPropertyOptional() error?: string;
  @ApiProperty({ type: FeedDto }) feed: FeedDto;
}

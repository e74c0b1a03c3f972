import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type FeedMode = 'review' | 'auto';

/** A news feed (RSS/Atom) of the comune's website, and its health as the worker last saw it. */
@Entity('feeds')
export class Feed {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid', name: 'tenant_id' }) tenantId: string;
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'text' }) url: string;
  /** review: each item becomes a draft; auto: each item is submitted as staff would submit it. */
  @Column({ type: 'text' }) mode: FeedMode;
  @Column({ type: 'text', array: true }) topics: string[];
  @Column({ type: 'boolean' }) digest: boolean;
  @Column({ type: 'text', array: true, name: 'filter_categories' }) filterCategories: string[];
  @Column({ type: 'text', array: true, name: 'filter_words' }) filterWords: string[];
  @Column({ type: 'boolean' }) enabled: boolean;
  @Column({ type: 'integer', name: 'poll_interval_s' }) pollIntervalS: number;
  @Column({ type: 'text', nullable: true }) etag: string | null;
  @Column({ type: 'text', name: 'last_modified', nullable: true }) lastModified: string | null;
  @Column({ type: 'timestamptz', name: 'last_fetched_at', nullable: true }) lastFetchedAt: Date | null;
  /** Null until the first good fetch: that one only notes what the site had already published. */
  @Column({ type: 'timestamptz', name: 'last_success_at', nullable: true }) lastSuccessAt: Date | null;
  @Column({ type: 'text', name: 'last_error', nullable: true }) lastError: string | null;
  @Column({ type: 'integer' }) failures: number;
  @Column({ type: 'timestamptz', name: 'next_poll_at' }) nextPollAt: Date;
  @Column({ type: 'integer', name: 'items_imported' }) itemsImported: number;
  @Column({ type: 'uuid', name: 'created_by', nullable: true }) createdBy: string | null;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' }) updatedAt: Date;
}

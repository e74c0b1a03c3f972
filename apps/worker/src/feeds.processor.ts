import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';
import { IsUUID } from 'class-validator';
import { PollFeed } from '@bacheca/feeds';
import { JobPayloads, QUEUES } from '@bacheca/queue';
import { runJob } from './valid-job';

export class FeedPollJob {
  @IsUUID() tenantId: string;
  @IsUUID() feedId: string;
}

/** One fetch of one comune's feed per job; a slow site holds one slot, not the queue. */
@Processor(QUEUES.feeds)
export class FeedsProcessor {
  constructor(private readonly poll: PollFeed) {}

  @Process({ name: 'feeds.poll', concurrency: 4 })
  async process(job: Job<JobPayloads['feeds.poll']>) {
    return runJob(job, FeedPollJob, (data) => this.poll.run(data.tenantId, data.feedId));
  }
}

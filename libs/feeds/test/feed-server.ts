import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** A comune's website on loopback, serving whatever the test publishes at each path. */
export class FeedServer {
  readonly requests: { path: string; headers: IncomingMessage['headers'] }[] = [];
  private readonly routes = new Map<string, Handler>();
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<FeedServer> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const self = new FeedServer(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      self.requests.push({ path: req.url ?? '', headers: req.headers });
      const handler = self.routes.get((req.url ?? '').split('?')[0]);
      if (handler) handler(req, res);
      else res.writeHead(404).end('non trovato');
    });
    server.on('connection', (s: Socket) => {
      self.sockets.add(s);
      s.on('close', () => self.sockets.delete(s));
    });
    return self;
  }

  route(path: string, handler: Handler): string {
    this.routes.set(path, handler);
    return `${this.url}${path}`;
  }

  /** Serves XML with an ETag and Last-Modified, answering 304 to a matching conditional request. */
  publish(path: string, xml: string, opts: { contentType?: string } = {}): string {
    const etag = `"${Buffer.from(xml).length}-${hash(xml)}"`;
    const lastModified = new Date(Math.floor(Date.now() / 1000) * 1000).toUTCString();
    return this.route(path, (req, res) => {
      if (req.headers['if-none-match'] === etag) return res.writeHead(304, { etag }).end();
      res.writeHead(200, {
        'content-type': opts.contentType ?? 'application/rss+xml; charset=utf-8',
        'content-length': Buffer.byteLength(xml),
        etag,
        'last-modified': lastModified,
      });
      res.end(xml);
    });
  }

  hits(path: string) {
    return this.requests.filter((r) => r.path.split('?')[0] === path);
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

function hash(s: string): string {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) | 0;
  return (h >>> 0).toString(16);
}

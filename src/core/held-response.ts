/**
 * A response whose body is already in memory, as one `Uint8Array`: what the transport returns
 * (it reads each body inside its attempt, under the timeout and the retry rules) and what the
 * taxonomy cache answers a hit with.
 *
 * It is a real `Response` (openapi-fetch and middleware check `instanceof Response`), and the one
 * class of the SDK that is not an error: the platform type can only be met by extending it.
 * `json()`, `text()`, `arrayBuffer()` and `bytes()` answer from the bytes held, with no stream
 * and no second copy for the common path; `.body`, `blob()` and `formData()` build what they
 * need on demand; `bodyUsed` and `clone()` behave as the platform's do (a body is read once; a
 * clone before reading reads the same bytes). A malformed JSON body in a 2xx makes `json()` throw
 * an `ApiError` that quotes its start, rather than a bare `SyntaxError`.
 */
import { apiErrorFrom } from "./api-error-from.js";

/** The head of a held response: what the platform response said, apart from its body. */
export interface HeldHead {
  status: number;
  statusText: string;
  headers: Headers;
  url: string;
  redirected: boolean;
  type: ResponseType;
}

/** The head of a platform response, apart from its body. */
export function headOf(response: Response): HeldHead {
  const { status, statusText, headers, url, redirected, type } = response;
  return { status, statusText, headers, url, redirected, type };
}

const utf8 = new TextDecoder();
/** What a read body holds on to: nothing (but not null, which means a body-less status). */
const empty = new Uint8Array(0);

function consumed(): TypeError {
  return new TypeError("Body is unusable: Body has already been read");
}

/** A stream of the bytes `take` hands out, in one chunk, taken on the first read. */
function streamOf(take: () => Uint8Array<ArrayBuffer>): ReadableStream<Uint8Array<ArrayBuffer>> {
  return new ReadableStream<Uint8Array<ArrayBuffer>>(
    {
      pull(controller) {
        controller.enqueue(take());
        controller.close();
      },
    },
    { highWaterMark: 0 },
  );
}

/**
 * The class, made on first use: `Response` is a lazy global in Node.js, and extending it while
 * the module loads would load the whole fetch implementation (undici), which importing the SDK
 * need not pay before it sends anything.
 */
function defineHeldResponse() {
  return class HeldResponse extends Response {
    #bytes: Uint8Array<ArrayBuffer> | null;
    readonly #head: HeldHead;
    /** Whether another holder (a clone, a cache) has the same bytes: then only copies go out. */
    #shared: boolean;
    #read = false;
    #stream: ReadableStream<Uint8Array<ArrayBuffer>> | undefined;

    /**
     * `bytes` is the whole body (null for none). The response never changes them; unless `shared`,
     * it owns them and hands them out once, uncopied, to whoever reads the body.
     */
    constructor(bytes: Uint8Array<ArrayBuffer> | null, head: HeldHead, shared = false) {
      super(null, { status: head.status, statusText: head.statusText });
      this.#bytes = bytes;
      this.#head = head;
      this.#shared = shared;
    }

    override get headers(): Headers {
      return this.#head.headers;
    }
    override get url(): string {
      return this.#head.url;
    }
    override get redirected(): boolean {
      return this.#head.redirected;
    }
    override get type(): ResponseType {
      return this.#head.type;
    }
    override get body(): ReadableStream<Uint8Array<ArrayBuffer>> | null {
      if (this.#bytes === null) return null;
      if (this.#stream === undefined) {
        const read = this.#read;
        this.#stream = streamOf(() => this.#own(true));
        // Read already: the platform's stream is then disturbed and locked.
        if (read) this.#stream.getReader();
      }
      return this.#stream;
    }
    override get bodyUsed(): boolean {
      return this.#read;
    }

    /**
     * The bytes, once: marks the body read, as every way of reading a body does, and lets go of
     * them, so that a response kept after its body was read does not keep the body too.
     */
    #take(): Uint8Array<ArrayBuffer> {
      if (this.#read || this.#stream?.locked) throw consumed();
      return this.#release();
    }

    #release(): Uint8Array<ArrayBuffer> {
      this.#read = true;
      const bytes = this.#bytes;
      if (bytes === null) return new Uint8Array(0);
      this.#bytes = empty;
      return bytes;
    }

    override async text(): Promise<string> {
      return utf8.decode(this.#take());
    }
    override async json(): Promise<unknown> {
      const text = utf8.decode(this.#take());
      try {
        return JSON.parse(text);
      } catch (error) {
        if (!this.ok) throw error;
        const excerpt = text.slice(0, 200);
        const summary = `Malformed JSON in the response: ${JSON.stringify(excerpt)}`;
        throw apiErrorFrom(this, excerpt, undefined, summary);
      }
    }
    /**
     * The bytes for a reader to keep: the held ones when no one else has them, else a copy.
     * `byStream`: the body's own stream asks (it holds the lock that `#take` refuses).
     */
    #own(byStream = false): Uint8Array<ArrayBuffer> {
      const shared = this.#shared;
      const bytes = byStream ? this.#release() : this.#take();
      const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
      return shared || !whole ? bytes.slice() : bytes;
    }

    override async arrayBuffer(): Promise<ArrayBuffer> {
      return this.#own().buffer;
    }
    override async bytes(): Promise<Uint8Array<ArrayBuffer>> {
      return this.#own();
    }
    override async blob(): Promise<Blob> {
      return new Blob([this.#take()], { type: this.headers.get("content-type") ?? "" });
    }
    override async formData(): Promise<FormData> {
      // Rare enough to hand to the platform's parser (multipart and urlencoded).
      return new Response(this.#own(), { headers: this.headers }).formData();
    }
    override clone(): Response {
      if (this.#read || this.#stream?.locked)
        throw new TypeError("Response.clone: Body has already been consumed.");
      this.#shared = true;
      return new HeldResponse(this.#bytes, this.#head, true);
    }
  };
}

let HeldResponseClass: ReturnType<typeof defineHeldResponse> | undefined;

/**
 * A `Response` holding `bytes`, its whole body (null for none), with the head it was received
 * with. The response never changes the bytes; unless `shared`, it owns them and hands them out
 * once, uncopied, to whoever reads the body.
 */
export function heldResponse(
  bytes: Uint8Array<ArrayBuffer> | null,
  head: HeldHead,
  shared = false,
): Response {
  HeldResponseClass ??= defineHeldResponse();
  return new HeldResponseClass(bytes, head, shared);
}

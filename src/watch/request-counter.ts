/** Host requests the watcher made since it started, by endpoint; benchmarks read it through `WatchService.requestCounts`. */
export interface WatchRequestCounts {
  fileInfo: number;
  converts: number;
  splash: number;
  total: number;
}

export class RequestCounter {
  #fileInfo = 0;
  #converts = 0;
  #splash = 0;

  count(endpoint: 'file/info' | 'file/converts' | 'file/getsplash'): void {
    if (endpoint === 'file/info') this.#fileInfo += 1;
    else if (endpoint === 'file/converts') this.#converts += 1;
    else this.#splash += 1;
  }

  snapshot(): WatchRequestCounts {
    return {
      fileInfo: this.#fileInfo,
      converts: this.#converts,
      splash: this.#splash,
      total: this.#fileInfo + this.#converts + this.#splash,
    };
  }
}

/** Types of ustar-reader.mjs, for the tests. */
export declare class TarError extends Error {}

/** The regular files of the ustar archive open as `fd`, by name: where their bytes are. */
export declare function readUstarIndex(fd: number): Map<string, { offset: number; size: number }>;

// @11ty/eleventy-img ships no types; these are the members src/images.ts calls.
declare module "@11ty/eleventy-img" {
  export interface ImageStat {
    format: string;
    width: number;
    height: number;
    url: string;
    sourceType: string;
    srcset: string;
    outputPath?: string;
  }
  export type ImageMetadata = Record<string, ImageStat[]>;
  export interface ImageOptions {
    widths?: (number | "auto" | null)[];
    formats?: string[];
    urlPath?: string;
    outputDir?: string;
    /** With the other sharp options, part of the hash that names the versions (sharp does the encoding: src/images.ts). */
    sharpOptions?: { failOn?: "none" | "truncated" | "error" | "warning" };
    sharpAvifOptions?: { effort?: number; quality?: number };
    sharpWebpOptions?: { effort?: number; quality?: number };
  }
  export class Image {
    constructor(src: string, options: ImageOptions);
    statsByDimensionsSync(width: number, height: number): ImageMetadata;
  }
  export function generateHTML(metadata: ImageMetadata, attributes: Record<string, string | number>): string;
  export function ImageSize(input: Uint8Array): { width?: number; height?: number; type?: string; orientation?: number };
}

// The public contract, in one place: every type a caller sees, every option with its default. Both entries
// re-export from here; the implementation lives in core/ and below.

/** A feature map in CHW layout (channel-major, then rows, then columns). */
export interface FeatureMap {
  readonly channels: number;
  readonly height: number;
  readonly width: number;
  readonly data: Float32Array;
}

/** An RGBA8 image, row-major, 4 bytes per pixel. */
export interface ImageResult {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8ClampedArray;
}

/** Plain RGBA8 pixels: what every entry accepts (ImageData fits this shape too). */
export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array | Uint8ClampedArray;
}

/** The two pretrained networks as safetensors bytes. */
export interface WeightBytes {
  readonly encoder: Uint8Array | ArrayBuffer;
  readonly decoder: Uint8Array | ArrayBuffer;
}

/**
 * Where the weights come from: a folder URL (or, in Node, a folder path) holding vgg19_relu3_1.safetensors and
 * decoder_relu3_1.safetensors, or their bytes.
 */
export type WeightsSource = string | URL | WeightBytes;

export interface CreateStyleSwapOptions {
  /**
   * A GPUDevice to run on (a rendering engine's own). It is used as it is and never destroyed by this library.
   * Default: a device of its own, from the default adapter.
   */
  device?: GPUDevice;
  /**
   * Where the pretrained weights come from: a folder URL (Node: also a folder path) holding
   * vgg19_relu3_1.safetensors and decoder_relu3_1.safetensors, or their bytes.
   * Default: the package's own weights/ folder (Node: $STYLE_SWAP_WEIGHTS first, when set).
   */
  weights?: WeightsSource;
  /** Run each kernel in its own submit and error scopes, so a GPU error names its kernel. Default: false. */
  debug?: boolean;
  /**
   * The most pixels (width × height) an input image may have, checked before it is decoded (from the image file
   * header) or uploaded. Larger inputs fail with code 'image'. Default: 100 000 000 (100 MP).
   */
  maxInputPixels?: number;
  /**
   * Which kernel variants run on this adapter: each convolution directly or by Winograd, and the match's window
   * scores by content window or by style window. Default: time the variants once per adapter, on made-up data
   * (about a minute on a CPU adapter, seconds on a GPU), keep the fastest (Winograd only where it is 20% faster),
   * and reuse that record: in this page or process, and in Node in the user's cache folder
   * (`$XDG_CACHE_HOME/webgpu-style-swap`, else `~/.cache/webgpu-style-swap`), per adapter, precision and library
   * version; a kept record that does not fit is measured again, with a warning. 'measure': time them again (Node
   * replaces the kept record). A record from `StyleSwap.tuning`, stored by the app (a browser page keeps it in
   * localStorage, say): use it and time nothing (a record that is malformed or from another adapter is ignored with
   * a warning, and the adapter is measured). 'off': the direct convolution and content-major window scores, nothing
   * timed. The match layouts give identical results; the conv variants the same within float rounding, so two
   * measurements that choose differently can differ by 1/255 in a few pixels: reuse a record to get the same bytes.
   */
  tuning?: TuningRecord | 'measure' | 'off';
  /**
   * How the convolutions' weights are stored: 'f32', or 'f16' (half the weights' memory and bandwidth, every sum
   * still accumulated in f32; needs the device's `shader-f16` feature, else an 'option' error). 'f16' rounds each
   * weight to 11 significant bits, so results differ slightly from 'f32' (about 65 dB PSNR on the test pair, where
   * 'f32' is about 90 dB from the reference); it is opt-in for that reason. Winograd F(4×4) keeps its filters in
   * f32 (its transforms would amplify the rounding to 1–2%). The tuner times the variants at this precision.
   * Default: 'f32'.
   */
  precision?: Precision;
  /** Called as the tuner times each layer (stage 'tune'), when it measures this adapter. Default: none. */
  onProgress?: (progress: Progress) => void;
}

/** How convolution weights are stored on the GPU (sums are accumulated in f32 either way). */
export type Precision = 'f32' | 'f16';

/** Where a call is: `done` of `total` steps of `stage` ('encode content', 'match', …) are finished. */
export interface Progress {
  readonly stage: string;
  readonly done: number;
  readonly total: number;
  /** With stage 'optimize': the objective ‖Φ(I) − T‖² + λ TV(I) of the image before this iteration's step. */
  readonly loss?: number;
}

/** What every call takes: cancellation and progress. */
export interface CallOptions {
  /**
   * Aborting it rejects the call with code 'aborted' at the next stage or match band boundary; the instance stays
   * usable. Default: none.
   */
  signal?: AbortSignal;
  /** Called as each stage, and each band of the match, finishes on the GPU. Default: none. */
  onProgress?: (progress: Progress) => void;
}

/** How the swap matches patches. */
export type MatchSpace = 'vgg19' | 'normalized';

/** Whether every style window is scored in full, or candidates found on fewer channels are (see SwapOptions.match). */
export type MatchMode = 'exact' | 'approximate';

export interface SwapOptions extends CallOptions {
  /** Side of the square patches, in relu3_1 pixels (4 image pixels each); odd. Default 3. */
  patchSize?: number;
  /** Step between patches, in relu3_1 pixels; 1 ≤ patchStride ≤ patchSize (a larger step leaves gaps). Default 1. */
  patchStride?: number;
  /**
   * Where patches are compared: 'vgg19' multiplies the features by conv3_1.caffe_scale first, as the paper's Caffe
   * VGG19 would see them; 'normalized' uses the encoder's own normalised features. Default 'vgg19'.
   */
  matchSpace?: MatchSpace;
  /**
   * 'exact' scores every style window against every content window. 'approximate' finds 16 candidates per content
   * window on features projected onto the style's 64 leading principal directions (of 256 channels), then scores
   * those exactly and keeps the best: a faster match (most of its time is a GEMM over the channels) that picks the
   * exact match's patch for most windows and a near-equal one elsewhere. docs/approximate-match.md gives the measured speed and
   * agreement. The projection is computed once per prepared style (a 256 × 256 eigenproblem on the CPU).
   * Default 'exact'.
   */
  match?: MatchMode;
}

export interface StyleSizeOptions extends CallOptions {
  /** A style image wider or taller than this is downscaled (aspect kept, on the GPU) before encoding. Default 512. */
  maxStyleSize?: number;
}

/** What decides which patches are swapped in: the patch options and the two images' sizes. */
export interface MatchOptions extends SwapOptions, StyleSizeOptions {
  /**
   * A content image wider or taller than this is downscaled (aspect kept, on the GPU). `Infinity`: full resolution,
   * any size (stylize tiles what does not fit; see `memoryBudget`). Default 640.
   */
  maxContentSize?: number;
}

/** What turns swapped features into an image: changing these needs no new match (see `StyleSwap.match`). */
export interface RenderOptions extends CallOptions {
  /**
   * Write the result into this texture (rgba8unorm or bgra8unorm, plain or -srgb; the output's size; COPY_DST usage)
   * with no readback; the result then carries no pixels. Default: none (pixels are read back).
   */
  target?: GPUTexture;
  /** Time each stage (one submit per stage, awaited): slower, for benchmarks and the CLI. Default false. */
  profile?: boolean;
  /**
   * How much of the style to apply, α ∈ [0, 1]: the inverse net decodes α·swapped + (1 − α)·content features, so 0
   * gives back (the inverse net's reconstruction of) the content and 1 the full style-swap. Default 1.
   */
  strength?: number;
  /**
   * Keep the content's colours: the output is clamp(c + (lum(y) − lum(c))), y the stylized and c the (scaled)
   * content's RGB in [0, 1], lum = 0.299 R + 0.587 G + 0.114 B: the stylized luminance with the content's chroma.
   * Default false.
   */
  preserveColor?: boolean;
}

export interface StylizeOptions extends MatchOptions, RenderOptions {
  /**
   * GPU bytes a stylization may allocate (scratch, feature maps, one band of the match, the upload strip). A content
   * that needs more is stylized tile by tile, with tiles as large as this allows (and the device's binding limit):
   * the same pixels as in one pass, in memory that does not grow with the content. Default 256 MiB.
   */
  memoryBudget?: number;
  /**
   * Stylize in tiles whose kept part is this many image pixels square (rounded up to a multiple of 4), whatever
   * the budget: for tests and tuning. Each tile also computes a halo of (patchSize + 5) × 4 pixels each side.
   * Default: tiles only when the budget needs them.
   */
  tileSize?: number;
  /**
   * Sharpen the one-pass result by the paper's optimisation: Adam on the image I (RGB in [0, 1]) against
   * ‖Φ(I) − T‖² + λ·TV(I), where Φ is the encoder to relu3_1 and T the features the inverse net decoded (swapped, after
   * strength, mix and masks). `true` takes the defaults. Not with tiles (the content must fit one pass). Default off.
   */
  optimize?: boolean | OptimizeOptions;
}

/** Where the optimisation starts: the inverse net's output, the content, or seeded uniform noise. */
export type OptimizeInit = 'decoder' | 'content' | 'noise';

export interface OptimizeOptions {
  /** Adam steps (one submit each). Default 100. */
  iterations?: number;
  /** Adam's step size, in [0, 1] pixel units. Default 0.01. */
  learningRate?: number;
  /** λ, the weight of the total variation. Default 200. */
  tvWeight?: number;
  /** Default 'decoder'. */
  init?: OptimizeInit;
  /** The noise's seed (init 'noise'): the same seed and inputs give the same bytes. Default 1. */
  seed?: number;
}

/** The optimisation's course: the objective every few iterations (the loss read back), and its speed. */
export interface OptimizeReport {
  readonly losses: readonly { readonly iteration: number; readonly loss: number; readonly featureLoss: number; readonly tv: number }[];
  readonly msPerIteration: number;
}

/** Options that write the result into a texture. */
export type StylizeIntoTargetOptions = StylizeOptions & { target: GPUTexture };

/**
 * A content matched against a style, kept on the GPU: render it again and again with other strength, colour or
 * target, without encoding or matching anything again (a strength slider, say). Holds about three relu3_1 maps of
 * GPU memory until destroyed.
 */
export interface MatchedContent {
  /** The output's size: the (scaled) content's. */
  readonly width: number;
  readonly height: number;
  /** The stylized image with these controls; the same pixels a `stylize` with the same options gives. */
  render(options: RenderOptions & { target: GPUTexture }): Promise<StylizeTargetResult>;
  render(options?: RenderOptions): Promise<StylizeResult>;
  /** Frees its GPU memory; render() refuses afterwards. Safe to call twice. */
  destroy(): void;
}

/** Options of the one-call API: those of createStyleSwap and of stylize together. */
export type StyleSwapOptions = CreateStyleSwapOptions & StylizeOptions;

/** Milliseconds per stage ('encode content', 'encode style', 'match', 'average', 'decode'). */
export type StageTimes = Record<string, number>;

/**
 * A stylized image: RGBA8 pixels of the (scaled) content's size. Alpha is the content's own alpha, scaled like the
 * content (255 for an opaque content).
 */
export interface StylizeResult extends ImageResult {
  /** Milliseconds per stage, with `options.profile`. */
  readonly timings?: StageTimes;
  /** With `options.optimize`. */
  readonly optimization?: OptimizeReport;
}

/** What stylize returns when it wrote the image into `options.target`: its size, no pixels. */
export interface StylizeTargetResult {
  readonly width: number;
  readonly height: number;
  /** Milliseconds per stage, with `options.profile`. */
  readonly timings?: StageTimes;
  /** With `options.optimize`. */
  readonly optimization?: OptimizeReport;
}

/** A style image encoded once and kept on the GPU, for many contents or video frames. */
export interface PreparedStyle {
  /** The size the style image was encoded at (after maxStyleSize). */
  readonly width: number;
  readonly height: number;
  /** The relu3_1 feature map's shape. */
  readonly features: { readonly channels: number; readonly height: number; readonly width: number };
  /** Frees its GPU memory; stylize() refuses it afterwards. Safe to call twice. */
  destroy(): void;
}

/**
 * One style of a weighted mix. Per feature pixel the swapped features are Σ wᵢ·mᵢ·Fᵢ / Σ wᵢ·mᵢ (Fᵢ: the swap
 * against style i, mᵢ its mask, 1 without one), or the content's own where no style weighs.
 */
export interface StyleEntry<Image> {
  readonly style: Image | PreparedStyle;
  /** wᵢ ≥ 0. Default 1. At least one entry must weigh more than 0. */
  readonly weight?: number;
  /**
   * Where this style goes: an image whose BT.601 luma / 255 is mᵢ (white: here, black: not here; alpha ignored),
   * resized to the content with the same filter and averaged over each 4×4 block. Its aspect ratio must be the
   * content's within 1%. Default: everywhere.
   */
  readonly mask?: Image;
}

/** A style: an image, a PreparedStyle, or a weighted mix of them with optional masks. */
export type StyleInput<Image> = Image | PreparedStyle | readonly StyleEntry<Image>[];

/** A ready instance: weights on the GPU, pipelines compiled on first use and then reused. */
export interface StyleSwap<Image> {
  /** The adapter the instance runs on, in words. */
  readonly adapter: string;
  /** What the tuner chose on this adapter (and the times behind it): JSON to store and pass back as `tuning`. */
  readonly tuning: TuningRecord;
  /** The device in use now (a fresh one after a loss, when the device is ours). */
  readonly device: GPUDevice;
  /** VGG19 features to relu3_1: 256 × ⌊H/4⌋ × ⌊W/4⌋, CHW. */
  encode(image: Image, options?: CallOptions): Promise<FeatureMap>;
  /** The inverse net: features → an opaque RGBA8 image of 4h × 4w, clamped to [0,1] then ×255, rounded. */
  decode(features: FeatureMap, options?: CallOptions): Promise<ImageResult>;
  /** Encodes a style once and keeps its features on the GPU, for many contents or video frames. */
  prepareStyle(style: Image, options?: StyleSizeOptions): Promise<PreparedStyle>;
  /**
   * Stylizes `content` with `style` (an image, a PreparedStyle of this instance, or a weighted mix with masks): the
   * output has the (scaled) content's size. With `options.target` the image goes into that texture and no pixels come back.
   */
  stylize(content: Image, style: StyleInput<Image>, options: StylizeIntoTargetOptions): Promise<StylizeTargetResult>;
  stylize(content: Image, style: StyleInput<Image>, options?: StylizeOptions): Promise<StylizeResult>;
  /** Encodes and matches `content` against `style` once, for renders with any strength, colour or target. */
  match(content: Image, style: StyleInput<Image>, options?: MatchOptions): Promise<MatchedContent>;
  /** The swap alone on feature maps: swapped features and, per content window, the chosen style window. */
  swap(contentFeatures: FeatureMap, styleFeatures: FeatureMap, options?: SwapOptions): Promise<{ features: FeatureMap; argmax: Int32Array }>;
  /** GPU memory this instance holds now: weights, scratch and cached per-size buffers (not prepared styles). */
  allocatedBytes(): Promise<number>;
  /** Frees everything this instance allocated (and its device, if it made it). Safe to call twice. */
  destroy(): void;
}

/**
 * The ways a 3x3 convolution can run: the direct kernel (conv3x3.wgsl), Winograd F(2×2, 3×3) ('winograd') or
 * F(4×4, 3×3) ('winograd4'), the direct convolution with a register tile for few output channels
 * (conv3x3_narrow.wgsl), or tiled through workgroup memory (conv3x3_tiled.wgsl). The last two do not pool: a
 * pooling layer given them runs the direct kernel.
 */
export type ConvVariant = 'direct' | 'winograd' | 'winograd4' | 'narrow' | 'tiled';

/** What the tuner measured for one shape class of convolution, and what it chose. */
export interface ConvChoice {
  readonly variant: ConvVariant;
  /** Milliseconds each variant took at the tuning size (wall time around the queue's completion). */
  readonly ms: Readonly<Partial<Record<ConvVariant, number>>>;
}

/**
 * The ways the window scores of the match can be laid over invocations: one content window per invocation
 * (window_match.wgsl) or per workgroup, its lanes sharing the style windows (window_match_lanes.wgsl). Both give
 * exactly the same scores and argmax.
 */
export type WindowMatchVariant = 'content-major' | 'style-major';

/**
 * The ways the match's Gram GEMM can run: a register tile per invocation (gram.wgsl), a 64 × 64 tile per workgroup
 * through workgroup memory (gram_tiled.wgsl), or the same tile sharing content values by subgroup shuffles
 * (gram_subgroup.wgsl; where the device has the subgroups feature). All three give the same result, bit for bit.
 */
export type GramVariant = 'register' | 'tiled' | 'subgroup';

/** What the tuner measured for the Gram GEMM, and what it chose. */
export interface GramChoice {
  readonly variant: GramVariant;
  /** Milliseconds each variant took for the Gram bands of a match at the tuning size. */
  readonly ms: Readonly<Partial<Record<GramVariant, number>>>;
}

/** What the tuner measured for the match's window scores, and what it chose. */
export interface MatchChoice {
  readonly variant: WindowMatchVariant;
  /** Milliseconds each variant took for a whole match at the tuning size. */
  readonly ms: Readonly<Partial<Record<WindowMatchVariant, number>>>;
}

/**
 * The tuner's choices for one adapter, as plain JSON: store it (localStorage, a file) and pass it back as the
 * `tuning` option so that a later page load skips the timing.
 */
export interface TuningRecord {
  readonly format: 'webgpu-style-swap/tuning';
  /** The record layout's version: a record of another version is measured again (it may lack a choice). */
  readonly version: 3;
  /** The adapter it was measured on, as `StyleSwap.adapter` names it: a record is used only there. */
  readonly adapter: string;
  /**
   * Content size (px, square) the convolutions were timed for (each layer at its size there, none under 32²); 0 if
   * nothing was timed (`tuning: 'off'`).
   */
  readonly size: number;
  /** Per shape class ('conv3x3 64→128 + pool'): the variant chosen and the times behind the choice. */
  readonly convs: Readonly<Record<string, ConvChoice>>;
  /** The window scores' layout (the result is the same either way: only the speed differs). */
  readonly match: MatchChoice;
  /** The Gram GEMM's variant (the same result from each: only the speed differs). */
  readonly gram: GramChoice;
}

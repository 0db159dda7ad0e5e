export const HELP = `webgpu-style-swap: arbitrary style transfer (style-swap) on WebGPU

usage: webgpu-style-swap [content style [output]] [options]
       webgpu-style-swap [--content <file>] [--style <file>] [--output <file>] [options]

Images: PNG, JPEG, WebP, AVIF, HEIC (AVIF-coded), TIFF or GIF, turned upright by their EXIF orientation.
Every argument, image and the output path are checked before the GPU is used.

  --content <file>          content image (default: the bundled sample examples/samples/chelsea.png)
  --style <file>            style image (default: the bundled sample examples/samples/hubble_deep_field.png);
                            repeat it to mix styles
  --style-weight <w>        the weight of each --style, in order (default 1 each): give one per style, or none
  --mask <file>             where each --style goes (white: here), in order: give one per style, or none
  -o, --output <file>       where to write the result, .png, .jpg or .webp (default: out/stylized.png)
  --patch-size <n>          odd patch size in relu3_1 pixels (default 3)
  --patch-stride <n>        patch stride (default 1)
  --match-space <space>     vgg19 | normalized (default vgg19)
  --match <mode>            exact | approximate: candidates on 64 projected channels, re-ranked exactly;
                            faster, near-identical patches (default exact)
  --max-content-size <px>   downscale a larger content image to this side (default 640); 'full': never
                            (any size: what does not fit the memory budget is stylized in tiles)
  --memory-budget <MiB>     GPU memory a stylization may use before it tiles (default 256)
  --tile-size <px>          force tiles of this many pixels square (default: only when the budget needs them)
  --max-style-size <px>     downscale a larger style image to this side (default 512)
  --strength <0..1>         how much of the style to apply (default 1)
  --optimize [iterations]   sharpen the result by the paper's optimisation: Adam on the image (default 100 steps)
  --learning-rate <r>       the optimisation's step size, in pixel units of [0, 1] (default 0.01)
  --tv-weight <λ>           the weight of the total variation (default 200)
  --init <start>            decoder | content | noise: where the optimisation starts (default decoder)
  --seed <n>                the noise's seed (--init noise; default 1)
  --preserve-color          keep the content's colours, take the style's luminance texture
  --tuning <how>            which kernel variants run on this adapter. Default: measured on the first run
                            (about a minute on a CPU adapter) and kept in $XDG_CACHE_HOME/webgpu-style-swap
                            (else ~/.cache/webgpu-style-swap); 'measure': measure again and keep that;
                            'off': the direct convolution everywhere; <file>: read from the file, or measured
                            and written there if it does not exist
  --precision <p>           f32 | f16: the convolutions' weights in half floats, sums in f32 (half the weights'
                            memory; needs shader-f16; results differ slightly) (default f32)
  --weights <dir>           folder with vgg19_relu3_1.safetensors and decoder_relu3_1.safetensors
                            (default: $STYLE_SWAP_WEIGHTS, else the package's own weights/)
  -q, --quiet               print nothing but errors
  -v, --version             the version
  -h, --help                this text
`;

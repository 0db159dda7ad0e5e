// Per-kernel throughput on this adapter, the yardstick being the best plain f32 GEMM measured in the same run:
// - the GEMM (winograd_gemm.wgsl with one batch, an ordinary register-tiled GEMM) at three shapes × workgroup sizes;
// - each conv of both networks as it runs for a 256² image: direct, by Winograd F(2×2) (each also with f16 weights
//   where the device has shader-f16) and F(4×4), and (no pool) narrow and tiled through workgroup memory. GFLOP/s
//   counts the direct convolution's 2·9·C·O·H·W (what the layer computes); Winograd does 2.25× (F(4×4): 4×) fewer
//   multiplies, so it can pass 100%;
// - the match's Gram GEMM at 256² / 256² (content and style features 64×64, 256 channels) as each variant the
//   device runs (register tile, workgroup-memory tile, subgroup shuffles), the whole match, the direct patch
//   correlation of strided patches against the Gram route, and the approximate match in parts.
// Times are the median of `runs` submits, each awaited (onSubmittedWorkDone) after a warm-up.
// No Node imports: the same function runs in headless Chromium (bench/chromium.mjs), so the kernels (K, the
// exports of reference.mjs's KERNELS) and the weights' bytes come in as arguments.

export async function kernelTable(device, adapter, row, runs, K, weightBytes) {
  const weights = await K.parseModelWeights(weightBytes);
  const launch = K.launchSettingsFor(adapter, device.limits);
  const owned = [];
  const context = (overrides = {}) => ({ device, launch: { ...launch, ...overrides }, owned });
  const buffer = (bytes) => {
    const b = K.createWorkBuffer(device, 'bench', bytes);
    owned.push(b);
    return b;
  };
  const data = (count) => {
    const values = new Float32Array(count).map((_, i) => ((i * 7919) % 1000) / 500 - 1);
    const b = K.createStorageBuffer(device, 'bench.data', values);
    owned.push(b);
    return b;
  };
  const gpuMs = async (dispatches) => {
    const ready = await Promise.all(dispatches);
    const once = async () => {
      const encoder = device.createCommandEncoder();
      K.encodeDispatches(encoder, ready, 'bench');
      const start = performance.now();
      device.queue.submit([encoder.finish()]);
      await device.queue.onSubmittedWorkDone();
      return performance.now() - start;
    };
    await once();
    const times = [];
    for (let r = 0; r < runs; r++) times.push(await once());
    return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
  };
  const gflops = (flops, ms) => flops / ms / 1e6;

  // The yardstick: the best GEMM of the run.
  const gemms = [];
  for (const [m, n, k] of [
    [4096, 256, 256],
    [16384, 128, 128],
    [1024, 1024, 1024],
  ]) {
    for (const workgroup of [8, 16, 32, 64]) {
      const ms = await gpuMs([
        K.winogradGemm(
          context({ matchWorkgroup: workgroup }),
          'gemm',
          { batch: 1, channels: k, tiles: m, outGroups: n / 4 },
          data(k * m),
          data(k * n),
          buffer(4 * m * n),
        ),
      ]);
      gemms.push({ shape: `${m}×${n}×${k}, workgroup ${workgroup}`, ms, rate: gflops(2 * m * n * k, ms) });
    }
  }
  const best = gemms.sort((a, b) => b.rate - a.rate)[0];
  const lines = [];
  // A rate of null: a part of a kernel, timed alone, whose FLOPs are not counted.
  const line = (kernel, shape, ms, rate) =>
    lines.push(
      row([kernel, shape, `${ms.toFixed(1)} ms`, rate === null ? '—' : rate.toFixed(2), rate === null ? '—' : `${((100 * rate) / best.rate).toFixed(0)}%`]),
    );
  line('plain f32 GEMM (best of 12)', best.shape, best.ms, best.rate);

  // Each conv as it runs for a 256² image: encoder sizes are fractions of 256, decoder sizes multiples of 64.
  const scratch = K.createWinogradScratch(context(), launch.winogradBytes);
  const layers = [
    ...weights.encoder.convs.map((params, i) => ({ params, ...K.ENCODER_CONV_USES[i], side: 256 * K.ENCODER_CONV_USES[i].scale })),
    ...weights.decoder.convs.map((params, i) => ({ params, ...K.DECODER_CONV_USES[i], side: 64 * K.DECODER_CONV_USES[i].scale })),
  ];
  for (const { params, options, side } of layers) {
    const shape = { height: side, width: side };
    const inSide = options.upsampleInput ? side / 2 : side;
    const input = data(params.inChannels * inSide * inSide);
    const output = buffer(4 * params.outChannels * side * side);
    const flops = 2 * 9 * params.inChannels * params.outChannels * side * side;
    const what = `${params.inChannels}→${params.outChannels} at ${side}²${options.pool ? ' + pool' : ''}${options.upsampleInput ? ' + upsampled input' : ''}`;
    const precisions = device.features.has('shader-f16') ? ['f32', 'f16'] : ['f32'];
    for (const [variant, name] of [
      ['direct', 'direct'],
      ['winograd', 'Winograd F(2×2)'],
      ['winograd4', 'Winograd F(4×4)'],
      ['narrow', 'narrow'],
      ['tiled', 'tiled'],
    ]) {
      for (const precision of variant === 'direct' || variant === 'winograd' ? precisions : ['f32']) {
        const layer = K.uploadConv(context(), params, variant, scratch, precision);
        if (K.effectiveVariant(layer, options, shape) !== variant) continue; // narrow and tiled do not pool
        const ms = await gpuMs(K.conv3x3(context(), layer, options, shape, input, output));
        line(`${params.name} ${name}${precision === 'f16' ? ', f16 weights' : ''}`, what, ms, gflops(flops, ms));
      }
    }
  }

  // The Gram GEMM of the match at 256² / 256²: every band's gram dispatch, without the window scores.
  const g = K.swapGeometry({ channels: 256, height: 64, width: 64 }, { channels: 256, height: 64, width: 64 }, 3, 1);
  const { bands, gramBytes } = K.matchBands(g, launch.gramBudget);
  const splits = K.matchSplits(g, bands[0].windows, launch);
  const stylePixels = K.paddedStylePixels(g);
  const matchBuffers = {
    content: data(256 * 64 * 64),
    weightedStyle: data(256 * stylePixels),
    norms: data(g.styleWindows),
    gram: buffer(gramBytes),
    partialScores: buffer(4 * splits.splits * g.contentWindows),
    partialIndices: buffer(4 * splits.splits * g.contentWindows),
    bestScore: buffer(4 * g.contentWindows),
    argmax: buffer(4 * g.contentWindows),
  };
  const gramFlops = bands.reduce((sum, band) => sum + 2 * band.rows * 64 * stylePixels * 256, 0);
  for (const gram of K.deviceGramVariants(device)) {
    const steps = await Promise.all(K.match(context({ gram }), g, bands, splits, matchBuffers));
    const gramMs = await gpuMs(steps.slice(0, bands.length).map((step) => Promise.resolve(step[0])));
    line(`Gram GEMM (match), ${gram}`, `64² content × 64² style features, 256 channels, ${bands.length} band(s)`, gramMs, gflops(gramFlops, gramMs));
  }

  // The whole match with each window-score layout (both give the same argmax).
  for (const windowMatch of ['content-major', 'style-major']) {
    const layout = { ...launch, windowMatch };
    const layoutSplits = K.matchSplits(g, bands[0].windows, layout);
    const partials = {
      partialScores: buffer(4 * layoutSplits.partials * g.contentWindows),
      partialIndices: buffer(4 * layoutSplits.partials * g.contentWindows),
    };
    const all = await Promise.all(K.match(context({ windowMatch }), g, bands, layoutSplits, { ...matchBuffers, ...partials }));
    const ms = await gpuMs(all.flat().map((d) => Promise.resolve(d)));
    line(`match, ${windowMatch} window scores`, 'Gram bands + window scores + reduction, 64² × 64², 3×3 patches', ms, gflops(gramFlops, ms));
  }

  // Strided patches, where the library correlates patches directly (k² < s⁴), against the Gram route it replaces.
  for (const [k, stride] of [
    [3, 2],
    [3, 3],
    [5, 3],
    [1, 2],
  ]) {
    const gs = K.swapGeometry({ channels: 256, height: 64, width: 64 }, { channels: 256, height: 64, width: 64 }, k, stride);
    const sBands = K.matchBands(gs, launch.gramBudget).bands;
    const gramSplits = K.matchSplits(gs, sBands[0].windows, launch);
    const correlationSplits = K.correlationSplits(gs, sBands[0].windows, launch);
    const most = Math.max(gramSplits.partials, correlationSplits.splits);
    const strided = {
      ...matchBuffers,
      norms: data(gs.styleWindows),
      styleWindows: data(K.styleWindowsBytes(gs.style, k, stride) / 4),
      partialScores: buffer(4 * most * gs.contentWindows),
      partialIndices: buffer(4 * most * gs.contentWindows),
    };
    const viaGram = await Promise.all(K.match(context({ windowMatch: 'content-major' }), gs, sBands, gramSplits, strided));
    const direct = [...K.patchCorrelation(context(), gs, sBands, correlationSplits, strided), K.matchReduce(context(), gs, correlationSplits.splits, strided)];
    const windowFlops = 2 * gs.contentWindows * gs.styleWindows * 256 * k * k;
    const what = `${gs.contentWindows} × ${gs.styleWindows} windows, counted as 2·nc·ns·C·k²`;
    const gramRouteMs = await gpuMs(viaGram.flat().map((d) => Promise.resolve(d)));
    line(`match, ${k}×${k} stride ${stride}, Gram route`, what, gramRouteMs, gflops(windowFlops, gramRouteMs));
    const directMs = await gpuMs(direct);
    line(`match, ${k}×${k} stride ${stride}, patch correlation (runs)`, what, directMs, gflops(windowFlops, directMs));
  }

  // The approximate match: what each content pays (its projection, the Gram bands on APPROXIMATE_RANK channels, the
  // candidate lists, the exact re-rank), and once per style the second moment and the style's projection.
  const approxSplits = K.matchSplits(g, bands[0].windows, {
    ...launch,
    windowMatch: 'content-major',
    matchInvocations: K.candidateInvocations(launch.matchInvocations),
  });
  const slots = 4 * approxSplits.splits * K.CANDIDATES * g.contentWindows;
  const approxBuffers = {
    ...matchBuffers,
    basis: data(256 * K.APPROXIMATE_RANK),
    projectedStyle: buffer(4 * K.APPROXIMATE_RANK * stylePixels),
    projectedContent: buffer(K.projectedContentBytes(g)),
    candidateScores: buffer(slots),
    candidateIndices: buffer(slots),
  };
  const approx = await Promise.all(K.approximateMatch(context(), g, bands, approxSplits, approxBuffers));
  const approxMs = await gpuMs(approx.flat().map((d) => Promise.resolve(d)));
  line(
    'approximate match (per content)',
    `projection + Gram bands on ${K.APPROXIMATE_RANK} channels + ${K.CANDIDATES} candidates + exact re-rank`,
    approxMs,
    gflops(gramFlops, approxMs),
  );
  for (const prefix of ['project_content', 'gram[projected', 'window_candidates', 'rerank_candidates']) {
    const part = approx.flat().filter((d) => d.label.startsWith(prefix));
    const ms = await gpuMs(part.map((d) => Promise.resolve(d)));
    line(`  of which ${prefix.replace('[', '')}`, `${part.length} dispatch(es)`, ms, null);
  }
  const perStyle = [
    K.secondMoment(context(), g, matchBuffers.weightedStyle, buffer(4 * 256 * 256)),
    K.projectStyle(context(), g, approxBuffers.basis, matchBuffers.weightedStyle, approxBuffers.projectedStyle),
  ];
  line('approximate match (per style)', 'second moment + style projection (and a 256² eigenproblem on the CPU)', await gpuMs(perStyle), null);

  owned.forEach((b) => b.destroy());
  console.log(`\n## Kernels against the best plain f32 GEMM of this run (median of ${runs}; Winograd counted as the direct convolution's FLOPs)`);
  console.log(row(['kernel', 'shape', 'time', 'GFLOP/s', 'of the best GEMM']));
  console.log(row(['---', '---', '---:', '---:', '---:']));
  lines.forEach((l) => console.log(l));
  console.log(`\nevery GEMM measured: ${gemms.map((x) => `${x.shape}: ${x.rate.toFixed(2)}`).join('; ')}`);
}

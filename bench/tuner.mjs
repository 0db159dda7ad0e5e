// The tuner's record as a table: each conv shape class's timed variants and the one chosen, and the match layouts.
// No Node imports: bench/chromium.mjs prints it from headless Chromium too.

export function tunerTable({ size, convs, match, gram }, row) {
  console.log(
    `## The tuner's choices on this adapter (each conv timed as for a ${size}² content, no layer under 32²: the best of 3 runs of ≥ 20 ms after a warm-up)`,
  );
  console.log(row(['shape class', 'direct', 'Winograd F(2×2)', 'Winograd F(4×4)', 'narrow', 'tiled', 'chosen']));
  console.log(row(['---', '---:', '---:', '---:', '---:', '---:', '---']));
  const ms = (v) => (v === undefined ? '—' : `${v.toFixed(1)} ms`);
  for (const [shapeClass, choice] of Object.entries(convs))
    console.log(
      row([shapeClass, ms(choice.ms.direct), ms(choice.ms.winograd), ms(choice.ms.winograd4), ms(choice.ms.narrow), ms(choice.ms.tiled), choice.variant]),
    );
  console.log(`\nmatch window scores: content-major ${ms(match.ms['content-major'])}, style-major ${ms(match.ms['style-major'])}: ${match.variant}`);
  console.log(`Gram GEMM: register ${ms(gram.ms.register)}, tiled ${ms(gram.ms.tiled)}, subgroup ${ms(gram.ms.subgroup)}: ${gram.variant}\n`);
}

/** URL prefix → folder, for startStaticServer. */
export declare const EXAMPLE_ROUTES: Record<string, string>;

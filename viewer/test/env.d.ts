// Vite's import.meta.glob, as the tests use it (the tsconfig loads no ambient types).
interface ImportMeta {
  glob<T = unknown>(pattern: string, options: { eager: true; import?: string }): Record<string, T>;
}

// A module worker that owns a StyleSwap instance: the page posts two ImageBitmaps (transferred) and options, and
// gets the stylized pixels back (transferred), so a long stylization never blocks the page's main thread.
import { createStyleSwap } from '/dist/index.js';

const swap = createStyleSwap(); // the weights are found beside the bundle, in a worker as on a page

self.onmessage = async ({ data: { id, content, style, options } }) => {
  try {
    const result = await (await swap).stylize(content, style, options);
    self.postMessage({ id, width: result.width, height: result.height, data: result.data }, [result.data.buffer]);
  } catch (error) {
    self.postMessage({ id, error: error.message, code: error.code });
  } finally {
    content.close();
    style.close();
  }
};

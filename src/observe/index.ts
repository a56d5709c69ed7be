/** Observations from a game canvas: capture (downscale, gray/RGB, crop) and frame stacking. */
export { FrameCapture, sourceSize } from './frame_capture';
export type { CaptureSource, FrameCaptureOptions, ScratchCanvasKind } from './frame_capture';
export { FrameStack } from './frame_stack';
export type { FrameStackOptions } from './frame_stack';
export { CaptureError } from './capture_error';
export { resolveCrop, checkCrop, cropFromViewport } from './crop';
export type { CropRect, Viewport, Size } from './crop';
export { packRgba, luma, LUMA_WEIGHTS } from './pack_pixels';
export type { FrameChannels } from './pack_pixels';

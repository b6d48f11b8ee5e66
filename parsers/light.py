"""The light on a photographed page: made even before ink is told from paper.

A phone photo of a sheet on a desk is lit unevenly: light falls off across it, the phone or a hand
casts a shadow, a lamp tints the paper yellow, and the desk around the page is dark. A fixed grey
level then calls shadow and desk ink (the band under the table is cut at a shadow's edge) and a
tinted page red (the seal removal wipes the paper and the edges of the print). A clerk sees through
the light; the page is made to look as it would on a scanner first: each colour divided by its
background, the page's paper (and a desk) as they would look under even white light.

The background is a morphological closing of the page: every mark thinner than the kernel (print,
handwriting, ruled lines, a seal's ring) is filled with the paper around it, and the edges of large
areas (the desk, a shadow) stay where they are, so nothing dark is drawn along them. A page lit evenly
and white (a scan, a rendered PDF) is left exactly as it is.
"""
from __future__ import annotations

KERNEL_SHARE = 1 / 90      # the closing's kernel, a share of the page's longer side (~3 strokes of print)
SHADED = 0.8               # background darker than this share of the paper's: unevenly lit
SHADED_SHARE = 0.03        # ... over more than this share of the page
TINT = 18                  # the paper's channels differ by more than this (0-255): tinted light


def _background(array, size: int):
    import cv2
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (size, size))
    return cv2.morphologyEx(array, cv2.MORPH_CLOSE, kernel)


def uneven(background) -> bool:
    """Whether a page's background (grey or RGB array) shows uneven or tinted light."""
    import numpy as np
    grey = background.mean(axis=2) if background.ndim == 3 else background
    sample = grey[::4, ::4]
    paper = float(np.percentile(sample, 95))
    if paper <= 0:
        return False
    if float((sample < SHADED * paper).mean()) > SHADED_SHARE:
        return True
    if background.ndim == 3:
        bright = background[::4, ::4][sample >= 0.9 * paper]
        if len(bright):
            level = np.median(bright, axis=0)
            return float(level.max() - level.min()) > TINT
    return False


def even(image):
    """The page (PIL image, mode L or RGB) under even white light; the same object when it was lit
    evenly already."""
    import numpy as np
    from PIL import Image
    if image.mode not in ("L", "RGB"):
        return image
    array = np.asarray(image)
    size = max(9, int(max(array.shape[:2]) * KERNEL_SHARE)) | 1
    background = _background(array, size)
    if not uneven(background):
        return image
    flat = array.astype(np.float32) * 255.0 / np.maximum(background.astype(np.float32), 1.0)
    return Image.fromarray(np.clip(flat, 0, 255).astype(np.uint8), image.mode)

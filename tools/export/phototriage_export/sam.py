"""SAM (segment anything): image encoder + box-prompted mask decoder as two TorchScript files.

  export.py sam --tiny                 # tiny random-weight SamModel -> triage-models test fixture + golden files
  export.py sam --real --out DIR       # facebook/sam-vit-base (needs internet once, ~3.6 GB RAM, 375 MB on disk)
  export.py sam --full-random --out DIR   # sam-vit-base's architecture with random weights (offline; benchmarks only)

The split (see docs/models.md, "SAM"):
  image_encoder.pt  pixel_values [1,3,1024,1024] -> image_embeddings [1,C,64,64]   (C = 256 for sam-vit-base)
  mask_decoder.pt   image_embeddings [1,C,64,64], input_boxes [1,N,4] (xyxy, pixels of the 1024 frame)
                    -> pred_masks [1,N,3,256,256] (logits), iou_scores [1,N,3]          (multimask output)
The decoder computes the image-wide positional embedding (shared_image_embedding over the 64x64 grid) itself,
so the Java side passes nothing but the embedding and the boxes.

Golden files (triage-models/src/test/resources/golden/sam/), per photo: the SamProcessor (slow, PIL) inputs and the
reference SamModel.forward outputs (not the traced split, so the split itself is checked too):
  <stem>.json              box, sizes, sha256 of the PIL-decoded RGB bytes, per-channel sums of pixel_values,
                           iou_scores, best index
  <stem>_pixels.f32        pixel_values at every 16th row and column, float32 [3,64,64] (the full tensor is 12 MB)
  <stem>_masks.f32         the 3 low-res mask logits, float32 little-endian [3,256,256] (+ .json shape sidecar)
  <stem>_mask.png          processor.post_process_masks(...) binary mask of the best mask, 1-bit PNG, original size
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
from pathlib import Path

import numpy as np

from . import common

NAME_TINY = "sam-tiny"
REAL_CHECKPOINT = "facebook/sam-vit-base"
IMAGE_SIZE = 1024
EMBEDDING_GRID = 64
PIXEL_SUBSAMPLE_STRIDE = 16
DECODER_INIT_RANGE = 0.1
GOLDEN_DIR = common.REPO_ROOT / "triage-models" / "src" / "test" / "resources" / "golden" / "sam"

# Photos whose JPEG decodes to the same RGB bytes in Pillow and in Java ImageIO (checked: not true for every COCO
# photo, e.g. 000000000036.jpg differs by up to 138), each with its largest person/dog/cat box as the prompt.
# GOLDEN_PHOTOS has only one photo with such a subject (036), and ImageIO decodes it differently, so SAM uses these.
SAM_GOLDEN_PHOTOS = ["000000000042.jpg", "000000000474.jpg", "000000000650.jpg"]
SUBJECT_CATEGORIES = ("person", "dog", "cat")


def add_arguments(p: argparse.ArgumentParser) -> None:
    common.add_mode_group(p, tiny="tiny random-weight model (seed 0) + golden files",
                          real=f"export {REAL_CHECKPOINT} (downloads it)",
                          full_random=f"random weights (seed 0) in {REAL_CHECKPOINT}'s full-size architecture, offline, "
                                      "~3.6 GB RAM, ~375 MB on disk: for benchmarks only (its masks are noise)")
    p.add_argument("--out", type=Path, help="output folder (default: the test fixture folder for --tiny)")
    p.add_argument("--checkpoint", default=REAL_CHECKPOINT, help="HF checkpoint for --real")
    p.add_argument("--device", default="cpu", help="trace on this device (TorchScript hard-codes it)")


def contract(embedding_channels: int) -> dict:
    from transformers.image_utils import IMAGENET_DEFAULT_MEAN, IMAGENET_DEFAULT_STD

    return {
        "longest_side": IMAGE_SIZE,
        "resample": "bilinear",
        "rescale": 1.0 / 255.0,
        "pixel_mean": list(IMAGENET_DEFAULT_MEAN),
        "pixel_std": list(IMAGENET_DEFAULT_STD),
        "pad": "bottom-right with 0 to 1024x1024 (after normalising)",
        "embedding_channels": embedding_channels,
        "embedding_grid": EMBEDDING_GRID,
        "low_res_mask_size": 4 * EMBEDDING_GRID,
        "masks_per_box": 3,
        "mask_threshold": 0.0,
        "image_encoder": "pixel_values [1,3,1024,1024] -> image_embeddings [1,C,64,64]",
        "mask_decoder": "image_embeddings [1,C,64,64], input_boxes [1,N,4] xyxy in the 1024 frame -> "
        "pred_masks [1,N,3,256,256] logits, iou_scores [1,N,3]",
    }


def tiny_config():
    from transformers import SamConfig, SamMaskDecoderConfig, SamPromptEncoderConfig, SamVisionConfig

    # The real architecture and I/O sizes (1024 input, patch 16 -> 64x64 grid, 256x256 low-res masks, 3 masks per
    # box), with a narrow ViT, a one-layer two-way transformer and a 128-channel embedding (sam-vit-base: 256) so
    # each file stays well under 5 MB: at 256 channels the decoder alone is 5.1 MB, most of it in the four
    # hypernetwork MLPs and the self-attention, whose sizes are fixed by the channel count.
    # initializer_range: the vision default 1e-10 makes random-weight embeddings ~1e-21 (degenerate test data); 0.02
    # everywhere gives mask logits of ~0.004 and IoU predictions of ~0.001, too close to 0 for a meaningful
    # parity tolerance, so the top level (which initialises the decoder) uses DECODER_INIT_RANGE.
    channels = 128
    vision = SamVisionConfig(
        hidden_size=32,
        output_channels=channels,
        num_hidden_layers=2,
        num_attention_heads=2,
        mlp_dim=64,
        image_size=IMAGE_SIZE,
        patch_size=16,
        window_size=7,
        global_attn_indexes=[1],
        num_pos_feats=channels // 2,
        initializer_range=0.02,
    )
    prompt = SamPromptEncoderConfig(hidden_size=channels, image_size=IMAGE_SIZE, patch_size=16, mask_input_channels=4)
    decoder = SamMaskDecoderConfig(
        hidden_size=channels,
        num_hidden_layers=1,
        mlp_dim=64,
        attention_downsample_rate=8,
        iou_head_hidden_dim=32,
        num_multimask_outputs=3,
    )
    return SamConfig(
        vision_config=vision.to_dict(),
        prompt_encoder_config=prompt.to_dict(),
        mask_decoder_config=decoder.to_dict(),
        initializer_range=DECODER_INIT_RANGE,
    )


def full_random_config():
    """sam-vit-base at full size (transformers' SamConfig defaults: ViT-B 768 wide, 12 layers, 256-channel embedding,
    two-layer two-way decoder). The vision initializer_range is raised from its default 1e-10 to 0.02 so the random
    activations are of ordinary magnitude (the default gives ~1e-21 values, a poor stand-in for real work)."""
    from transformers import SamConfig, SamVisionConfig

    return SamConfig(vision_config=SamVisionConfig(initializer_range=0.02).to_dict())


def image_wide_positional_embeddings(shared_image_embedding, height: int, width: int):
    """The positional encoding of every cell of the image embedding's height x width grid, [1, C, height, width]: as
    SamModel.get_image_wide_positional_embeddings (and Sam2VideoModel's, the same code)."""
    import torch

    pe = shared_image_embedding.positional_embedding
    grid = torch.ones((height, width), device=pe.device, dtype=pe.dtype)
    y_embed = (grid.cumsum(dim=0) - 0.5) / height
    x_embed = (grid.cumsum(dim=1) - 0.5) / width
    positional = shared_image_embedding(torch.stack([x_embed, y_embed], dim=-1))
    return positional.permute(2, 0, 1).unsqueeze(0)


def build_wrappers(model):
    import torch

    class ImageEncoder(torch.nn.Module):
        def __init__(self, vision_encoder):
            super().__init__()
            self.vision_encoder = vision_encoder

        def forward(self, pixel_values):
            return self.vision_encoder(pixel_values)[0]

    class MaskDecoder(torch.nn.Module):
        """Only the submodules the box path needs: the positional embedding, the prompt encoder, the decoder."""

        def __init__(self, sam):
            super().__init__()
            self.shared_image_embedding = sam.shared_image_embedding
            self.prompt_encoder = sam.prompt_encoder
            self.mask_decoder = sam.mask_decoder
            self.grid = sam.config.prompt_encoder_config.image_embedding_size

        def forward(self, image_embeddings, input_boxes):
            batch = image_embeddings.shape[0]
            positional = image_wide_positional_embeddings(self.shared_image_embedding, self.grid, self.grid).repeat(
                batch, 1, 1, 1)
            sparse, dense = self.prompt_encoder(
                input_points=None, input_labels=None, input_boxes=input_boxes, input_masks=None
            )
            masks, iou = self.mask_decoder(
                image_embeddings=image_embeddings,
                image_positional_embeddings=positional,
                sparse_prompt_embeddings=sparse,
                dense_prompt_embeddings=dense,
                multimask_output=True,
            )
            return masks, iou

    return ImageEncoder(model.vision_encoder).eval(), MaskDecoder(model).eval()


def export(model, out_dir: Path, name: str, source: str, device: str = "cpu") -> tuple[Path, Path]:
    import torch

    out_dir.mkdir(parents=True, exist_ok=True)
    model = model.to(device).eval()
    encoder, decoder = build_wrappers(model)
    channels = model.config.vision_config.output_channels
    with torch.no_grad():
        pixels = torch.randn(1, 3, IMAGE_SIZE, IMAGE_SIZE, device=device)
        traced_encoder = torch.jit.trace(encoder, (pixels,), check_trace=False)
        embeddings = traced_encoder(pixels)
        boxes = torch.tensor([[[100.0, 150.0, 700.0, 900.0], [10.0, 20.0, 300.0, 400.0]]], device=device)
        traced_decoder = torch.jit.trace(decoder, (embeddings, boxes), check_trace=False)
        # A different box count than traced with must work (N is dynamic in the Java API).
        one = traced_decoder(embeddings, boxes[:, :1])
        ref = decoder(embeddings, boxes[:, :1])
        assert one[0].shape == (1, 1, 3, 256, 256), one[0].shape
        assert torch.allclose(one[0], ref[0], atol=1e-5) and torch.allclose(one[1], ref[1], atol=1e-6)
    enc_path = out_dir / "image_encoder.pt"
    dec_path = out_dir / "mask_decoder.pt"
    traced_encoder.save(str(enc_path))
    traced_decoder.save(str(dec_path))
    common.write_manifest(
        out_dir,
        name,
        "PyTorch",
        {"image_encoder": enc_path.name, "mask_decoder": dec_path.name},
        contract(channels),
        source,
    )
    return enc_path, dec_path


def subject_box(annotations: dict, file_name: str) -> tuple[str, list[float]]:
    """The largest non-crowd person/dog/cat box of a COCO128 photo, xyxy in pixels."""
    image = next(i for i in annotations["images"] if i["file_name"] == file_name)
    cats = {c["id"]: c["name"] for c in annotations["categories"]}
    anns = [
        a
        for a in annotations["annotations"]
        if a["image_id"] == image["id"] and not a["iscrowd"] and cats[a["category_id"]] in SUBJECT_CATEGORIES
    ]
    if not anns:
        raise SystemExit(f"{file_name} has no person/dog/cat annotation")
    best = max(anns, key=lambda a: a["area"])
    x, y, w, h = best["bbox"]
    return cats[best["category_id"]], [x, y, x + w, y + h]


def write_golden(model, photos: list[str], out_dir: Path, encoder_file: Path, decoder_file: Path) -> None:
    import torch
    from PIL import Image
    from transformers import SamImageProcessor, SamProcessor

    # The slow (PIL) image processor: the reference the Java pre-processing reproduces.
    processor = SamProcessor(image_processor=SamImageProcessor())
    annotations = json.loads((common.COCO128 / "annotations.json").read_text())
    traced_encoder = torch.jit.load(str(encoder_file))
    traced_decoder = torch.jit.load(str(decoder_file))
    out_dir.mkdir(parents=True, exist_ok=True)
    index = []
    for file_name in photos:
        stem = Path(file_name).stem
        image = Image.open(common.COCO128 / "images" / file_name).convert("RGB")
        category, box = subject_box(annotations, file_name)
        inputs = processor(images=image, input_boxes=[[box]], return_tensors="pt")
        pixel_values = inputs["pixel_values"]
        with torch.no_grad():
            out = model(pixel_values=pixel_values, input_boxes=inputs["input_boxes"], multimask_output=True)
            # the exported split must reproduce the reference
            emb = traced_encoder(pixel_values)
            split_masks, split_iou = traced_decoder(emb, inputs["input_boxes"])
        masks = out.pred_masks[0, 0]  # [3,256,256]
        iou = out.iou_scores[0, 0]  # [3]
        split_err = max((split_masks[0, 0] - masks).abs().max().item(), (split_iou[0, 0] - iou).abs().max().item())
        assert split_err < 1e-4, f"traced split differs from SamModel by {split_err} on {file_name}"
        best = int(iou.argmax())
        binary = processor.post_process_masks(
            out.pred_masks, inputs["original_sizes"], inputs["reshaped_input_sizes"], mask_threshold=0.0
        )[0][0, best].numpy()
        Image.fromarray(binary).convert("1").save(out_dir / f"{stem}_mask.png", optimize=True)
        common.write_tensor(out_dir / f"{stem}_masks.f32", masks.numpy())
        pv = pixel_values[0].numpy()
        s = PIXEL_SUBSAMPLE_STRIDE
        common.write_tensor(out_dir / f"{stem}_pixels.f32", pv[:, ::s, ::s])
        common.write_json(
            out_dir / f"{stem}.json",
            {
                "photo": file_name,
                "category": category,
                "box": box,
                "rgb_sha256": hashlib.sha256(np.asarray(image).tobytes()).hexdigest(),
                "original_size": [int(v) for v in inputs["original_sizes"][0]],
                "reshaped_input_size": [int(v) for v in inputs["reshaped_input_sizes"][0]],
                "input_box": inputs["input_boxes"][0, 0].numpy(),
                "pixel_values_channel_sums": pv.astype(np.float64).sum(axis=(1, 2)),
                "pixel_values_subsample_stride": s,
                "iou_scores": iou.numpy(),
                "best_mask": best,
                "mask_area": int(binary.sum()),
                "split_max_abs_error": split_err,
            },
        )
        index.append(stem)
        top2 = np.sort(iou.numpy())[-2:]
        print(f"{file_name}: {category} box {box}, iou {iou.numpy()}, best {best} (margin {top2[1] - top2[0]:.4g}), "
              f"area {int(binary.sum())}, |logit| mean {masks.abs().mean():.4g}, "
              f"share |logit|<1e-3 {(masks.abs() < 1e-3).float().mean():.4g}")
    common.write_json(out_dir / "index.json", {"photos": index, "model": NAME_TINY})


def main(args) -> int:
    import torch

    torch.set_num_threads(max(1, min(2, os.cpu_count() or 1)))
    if args.real:
        from transformers import SamModel

        common.require_out(args.out, "--real", "e.g. $PHOTOTRIAGE_MODELS/sam-vit-base")
        model = SamModel.from_pretrained(args.checkpoint, attn_implementation="eager")
        export(model, args.out, "sam-vit-base", f"{args.checkpoint}, tools/export/export.py sam --real", args.device)
        print(f"wrote {args.out}")
        return 0

    from transformers import SamModel

    if args.full_random:
        common.require_out(args.out, "--full-random", "e.g. models-full/sam-vit-base")
        common.seed_everything(0)
        model = SamModel._from_config(full_random_config(), attn_implementation="eager").eval()
        source = (f"random weights (seed 0) in {REAL_CHECKPOINT}'s architecture, tools/export/export.py sam --full-random: "
                  "for benchmarks only, its masks are noise")
        enc, dec = export(model, args.out, Path(args.out).name, source, args.device)
        for f in (enc, dec):
            print(f"{f}: {f.stat().st_size / 1e6:.2f} MB")
        return 0

    common.seed_everything(0)
    model = SamModel._from_config(tiny_config(), attn_implementation="eager").eval()
    out = args.out or common.FIXTURES / NAME_TINY
    enc, dec = export(model, out, NAME_TINY, "tiny random weights, seed 0, tools/export/export.py sam --tiny", "cpu")
    for f in (enc, dec):
        print(f"{f}: {f.stat().st_size / 1e6:.2f} MB")
    write_golden(model, SAM_GOLDEN_PHOTOS, GOLDEN_DIR, enc, dec)
    return 0

"""CLIP (openai/clip-vit-base-patch32 or a tiny random twin): image and text towers as TorchScript, tokenizer.json.

  export.py clip --tiny                    # tiny random-weight CLIP -> triage-models test fixture + golden files
  export.py clip --real --out DIR          # the real checkpoint from Hugging Face (needs internet)
  export.py clip --full-random --out DIR   # ViT-B/32's full-size architecture with random weights (benchmarks only)

The two paths share every step except where the weights and the tokenizer come from.

Files written to the model folder:
  image_encoder.pt   pixel_values float32 [B,3,224,224] -> image_embeds float32 [B,P] (visual projection, not normalised)
  text_encoder.pt    input_ids int64 [B,77], attention_mask int64 [B,77] -> text_embeds float32 [B,P] (not normalised)
  tokenizer.json     CLIP byte-level BPE (Hugging Face tokenizers format), padding/truncation to 77 built in
  manifest.json      roles image_encoder, text_encoder, tokenizer; the pre-processing contract; logit_scale
"""
from __future__ import annotations

import gzip
import hashlib
import json
import tempfile
import zipfile
from pathlib import Path

import numpy as np
import torch

from . import common

REAL_CHECKPOINT = "openai/clip-vit-base-patch32"
TINY_NAME = "clip-tiny"
CONTEXT_LENGTH = 77
IMAGE_SIZE = 224
IMAGE_MEAN = [0.48145466, 0.4578275, 0.40821073]
IMAGE_STD = [0.26862954, 0.26130258, 0.27577711]
BPE_MEMBER = "open_clip/bpe_simple_vocab_16e6.txt.gz"
# Same count the CLIP tokenizer (open_clip SimpleTokenizer and transformers CLIPTokenizer) keeps.
BPE_MERGES = 49152 - 256 - 2
GOLDEN_DIR = common.REPO_ROOT / "triage-models" / "src" / "test" / "resources" / "golden" / "clip"
GOLDEN_PROMPTS = [
    "a photo of a person",
    "a photo of a dog",
    "a photo of a cat",
    "a photo of something else",
    "Ein Foto von Björn's Café: crème brûlée, naïve Ärger! 🐕",
    "a photo of a " + "very " * 90 + "long dog",  # more than 77 tokens: truncated, end-of-text kept
]


def add_arguments(p) -> None:
    common.add_mode_group(p, tiny="tiny random-weight CLIP (seed 0) as the test fixture, plus golden files",
                          real=f"the real {REAL_CHECKPOINT} from Hugging Face (needs internet)",
                          full_random="random weights (seed 0) in the full-size ViT-B/32 architecture, offline, ~350 MB: "
                                      "for benchmarks only (its outputs are noise)")
    p.add_argument("--out", type=Path, help=f"model folder to write (default for --tiny: fixtures/{TINY_NAME}; required for "
                                            "--real and --full-random)")
    p.add_argument("--checkpoint", default=REAL_CHECKPOINT, help="Hugging Face id for --real")
    p.add_argument("--bpe-vocab", type=Path,
                   help="--tiny and --full-random: bpe_simple_vocab_16e6.txt.gz, or an open_clip_torch wheel that contains it "
                        "(default: the installed open_clip_torch distribution's copy, found without importing open_clip)")
    p.add_argument("--no-golden", action="store_true", help="--tiny only: do not rewrite the golden files")


def main(args) -> int:
    from transformers import CLIPModel

    common.seed_everything(0)
    if args.real:
        common.require_out(args.out, "clip --real", "the model folder to create, e.g. models/clip-vit-b32")
        from transformers import CLIPTokenizerFast

        model = CLIPModel.from_pretrained(args.checkpoint, attn_implementation="eager").eval()
        fast = CLIPTokenizerFast.from_pretrained(args.checkpoint)
        sizes = (model.config.vision_config.image_size, model.config.text_config.max_position_embeddings)
        if sizes != (IMAGE_SIZE, CONTEXT_LENGTH):
            raise SystemExit(f"{args.checkpoint} takes {sizes[0]}px images and {sizes[1]} tokens; this export (and its "
                             f"pre-processing contract) is for {IMAGE_SIZE}px and {CONTEXT_LENGTH} tokens, as ViT-B/32")
        # The folder name is the name the pipeline resolves the model by (default clip-vit-b32).
        name, source = Path(args.out).name, f"{args.checkpoint} from Hugging Face, tools/export/export.py clip --real"
    elif args.full_random:
        common.require_out(args.out, "clip --full-random", "the model folder to create, e.g. models-full/clip-vit-b32")
        work = Path(tempfile.mkdtemp(prefix="clip-bpe-"))
        slow, fast = build_tokenizers(read_bpe_lines(args.bpe_vocab), work)
        model = CLIPModel(full_random_config()).eval()
        name = Path(args.out).name
        source = (f"random weights (seed 0) in {REAL_CHECKPOINT}'s architecture, tools/export/export.py clip --full-random: "
                  "for benchmarks only, its outputs are noise")
    else:
        work = Path(tempfile.mkdtemp(prefix="clip-bpe-"))
        slow, fast = build_tokenizers(read_bpe_lines(args.bpe_vocab), work)
        model = CLIPModel(tiny_config()).eval()
        name, source = TINY_NAME, "tiny random weights (seed 0), tools/export/export.py clip --tiny"
    out = Path(args.out) if args.out else common.FIXTURES / TINY_NAME
    out.mkdir(parents=True, exist_ok=True)

    image_tower, text_tower = ImageTower(model).eval(), TextTower(model).eval()
    with torch.no_grad():
        pixels = torch.randn(2, 3, IMAGE_SIZE, IMAGE_SIZE)
        ids, mask = (torch.from_numpy(a) for a in tokenize(fast, ["a photo", "two photos of a dog"]))
        traced_image = torch.jit.trace(image_tower, (pixels,))
        traced_text = torch.jit.trace(text_tower, (ids, mask))
    traced_image.save(str(out / "image_encoder.pt"))
    traced_text.save(str(out / "text_encoder.pt"))
    save_tokenizer_json(fast, out / "tokenizer.json")
    check_traced(out, model, fast)

    embed_dim = model.config.projection_dim
    contract = {
        "image_size": IMAGE_SIZE,
        "resize_shortest_side": IMAGE_SIZE,
        "resample": "bicubic",
        "center_crop": IMAGE_SIZE,
        "rescale": 1 / 255,
        "mean": IMAGE_MEAN,
        "std": IMAGE_STD,
        "channel_order": "RGB",
        "context_length": CONTEXT_LENGTH,
        "embed_dim": embed_dim,
        "logit_scale": float(model.logit_scale.exp().item()),
        "image_encoder": {"inputs": ["pixel_values float32 [B,3,224,224]"], "outputs": [f"image_embeds float32 [B,{embed_dim}]"]},
        "text_encoder": {"inputs": ["input_ids int64 [B,77]", "attention_mask int64 [B,77]"],
                         "outputs": [f"text_embeds float32 [B,{embed_dim}]"]},
    }
    files = {"image_encoder": "image_encoder.pt", "text_encoder": "text_encoder.pt", "tokenizer": "tokenizer.json"}
    common.write_manifest(out, name, "PyTorch", files, contract, source)
    for f in sorted(out.iterdir()):
        print(f"{f}: {f.stat().st_size / 1e6:.2f} MB")

    if args.tiny and not args.no_golden:
        write_golden(model, slow, fast, out / "tokenizer.json")
    return 0


def tiny_config():
    """ViT-B/32's architecture (patch 32 at 224, CLIP text transformer, vocab 49408, 77 positions), tiny widths.

    The text width is 16 (not 32) so that the 49408-row token embedding keeps text_encoder.pt near 3 MB.
    """
    from transformers import CLIPConfig

    text = dict(vocab_size=49408, hidden_size=16, intermediate_size=64, num_hidden_layers=2, num_attention_heads=2,
                max_position_embeddings=CONTEXT_LENGTH, hidden_act="quick_gelu")
    vision = dict(hidden_size=32, intermediate_size=128, num_hidden_layers=2, num_attention_heads=2, image_size=IMAGE_SIZE,
                  patch_size=32, hidden_act="quick_gelu")
    cfg = CLIPConfig(text_config=text, vision_config=vision, projection_dim=16)
    cfg._attn_implementation = "eager"
    return cfg


def full_random_config():
    """ViT-B/32 at full size (transformers' CLIPConfig defaults: vision 768 wide, 12 layers, patch 32 at 224; text 512
    wide, 12 layers; projection 512), for random-weight exports that time the real architecture."""
    from transformers import CLIPConfig

    cfg = CLIPConfig(text_config=dict(hidden_act="quick_gelu", max_position_embeddings=CONTEXT_LENGTH),
                     vision_config=dict(image_size=IMAGE_SIZE, patch_size=32, hidden_act="quick_gelu"), projection_dim=512)
    cfg._attn_implementation = "eager"
    return cfg


class ImageTower(torch.nn.Module):
    """pixel_values -> vision transformer pooled output -> visual projection (what CLIPModel.get_image_features does)."""

    def __init__(self, clip):
        super().__init__()
        self.vision_model = clip.vision_model
        self.visual_projection = clip.visual_projection

    def forward(self, pixel_values):
        pooled = self.vision_model(pixel_values=pixel_values).pooler_output
        return self.visual_projection(pooled)


class TextTower(torch.nn.Module):
    """input_ids, attention_mask -> text transformer end-of-text output -> text projection (= get_text_features).

    The same computation as CLIPTextTransformer.forward, but the masks and the end-of-text index are derived from the
    inputs (``*_like``, ``cumsum``, ``gather``) instead of built with ``device=...``: a trace records such a device as a
    constant, and a text tower traced on the CPU would then fail on a GPU.
    """

    def __init__(self, clip):
        super().__init__()
        text = clip.text_model
        self.embeddings = text.embeddings
        self.encoder = text.encoder
        self.final_layer_norm = text.final_layer_norm
        self.eos_token_id = text.eos_token_id
        self.text_projection = clip.text_projection

    def forward(self, input_ids, attention_mask):
        hidden = self.embeddings(input_ids=input_ids)
        lowest = torch.finfo(hidden.dtype).min
        position = torch.cumsum(torch.ones_like(input_ids[0]), dim=0)  # 1..L on the inputs' device
        causal = (position[None, :] > position[:, None]).to(hidden.dtype) * lowest  # [L, L]: no attending ahead
        padding = (1.0 - attention_mask[:, None, None, :].to(hidden.dtype)) * lowest  # [B, 1, 1, L]
        length = input_ids.shape[-1]
        hidden = self.encoder(inputs_embeds=hidden,
                              attention_mask=padding.expand(-1, 1, length, length),
                              causal_attention_mask=causal[None, None, :, :].expand(input_ids.shape[0], 1, length, length),
                              ).last_hidden_state
        hidden = self.final_layer_norm(hidden)
        if self.eos_token_id == 2:  # legacy configs (openai/clip-*): end-of-text is the largest id
            eos = input_ids.to(torch.int).argmax(dim=-1)
        else:  # first end-of-text (padding repeats it)
            eos = (input_ids == self.eos_token_id).to(torch.int).argmax(dim=-1)
        pooled = hidden.gather(1, eos[:, None, None].expand(-1, 1, hidden.shape[-1])).squeeze(1)
        return self.text_projection(pooled)


def read_bpe_lines(path: Path | None) -> list[str]:
    """The lines of bpe_simple_vocab_16e6.txt (from a .txt.gz, a wheel, or the installed open_clip_torch)."""
    if path is None:
        from importlib import metadata

        try:
            dist = metadata.distribution("open_clip_torch")
        except metadata.PackageNotFoundError:
            raise SystemExit("clip --tiny needs the CLIP BPE vocabulary: pass --bpe-vocab with bpe_simple_vocab_16e6.txt.gz "
                             "or an open_clip_torch wheel (e.g. pip download --no-deps open-clip-torch)") from None
        path = Path(dist.locate_file(BPE_MEMBER))
    path = Path(path)
    if path.suffix == ".whl":
        with zipfile.ZipFile(path) as wheel:
            data = wheel.read(BPE_MEMBER)
    else:
        data = path.read_bytes()
    return gzip.decompress(data).decode("utf-8").split("\n")


def build_tokenizers(bpe_lines: list[str], work: Path):
    """CLIPTokenizer (the reference) and CLIPTokenizerFast from the raw BPE file, the way openai/clip's vocab was made."""
    from transformers import CLIPTokenizer, CLIPTokenizerFast
    from transformers.models.clip.tokenization_clip import bytes_to_unicode

    merges = bpe_lines[1:1 + BPE_MERGES]
    symbols = list(bytes_to_unicode().values())
    vocab = symbols + [s + "</w>" for s in symbols] + ["".join(m.split()) for m in merges] + ["<|startoftext|>", "<|endoftext|>"]
    if len(vocab) != 49408 or len(set(vocab)) != len(vocab):
        raise SystemExit(f"unexpected CLIP BPE vocabulary: {len(vocab)} entries, {len(set(vocab))} distinct (want 49408)")
    (work / "vocab.json").write_text(json.dumps({tok: i for i, tok in enumerate(vocab)}, ensure_ascii=False))
    (work / "merges.txt").write_text("#version: 0.2\n" + "\n".join(merges) + "\n", encoding="utf-8")
    slow = CLIPTokenizer(str(work / "vocab.json"), str(work / "merges.txt"), model_max_length=CONTEXT_LENGTH)
    fast = CLIPTokenizerFast(str(work / "vocab.json"), str(work / "merges.txt"), model_max_length=CONTEXT_LENGTH)
    return slow, fast


def save_tokenizer_json(fast, path: Path) -> None:
    """tokenizer.json with CLIP's padding (<|endoftext|>, to 77) and truncation (77) so every client pads alike."""
    spec = json.loads(fast.backend_tokenizer.to_str())
    # tokenizers >= 0.20 writes merges as [a, b] pairs; the tokenizers build in DJL 0.29 (and older Python ones) only
    # read the "a b" strings. CLIP's byte-level symbols never contain a space, so the old form is lossless.
    spec["model"]["merges"] = [m if isinstance(m, str) else " ".join(m) for m in spec["model"]["merges"]]
    pad_id = fast.pad_token_id
    spec["padding"] = {"strategy": {"Fixed": CONTEXT_LENGTH}, "direction": "Right", "pad_to_multiple_of": None,
                       "pad_id": pad_id, "pad_type_id": 0, "pad_token": fast.pad_token}
    spec["truncation"] = {"direction": "Right", "max_length": CONTEXT_LENGTH, "strategy": "LongestFirst", "stride": 0}
    path.write_text(json.dumps(spec, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def tokenize(tokenizer, prompts):
    enc = tokenizer(prompts, padding="max_length", max_length=CONTEXT_LENGTH, truncation=True)
    return np.asarray(enc["input_ids"], dtype=np.int64), np.asarray(enc["attention_mask"], dtype=np.int64)


def check_traced(out: Path, model, fast) -> None:
    """The saved TorchScript equals CLIPModel's own get_image/text_features at other batch sizes than traced (the trace
    must not bake in B), and records no device (so a CPU-traced file also runs on a GPU)."""
    image = torch.jit.load(str(out / "image_encoder.pt"))
    text = torch.jit.load(str(out / "text_encoder.pt"))
    with torch.no_grad():
        for batch in (1, 3):
            x = torch.randn(batch, 3, IMAGE_SIZE, IMAGE_SIZE)
            diff = (image(x) - model.get_image_features(pixel_values=x)).abs().max().item()
            assert diff < 1e-5, f"traced image tower differs from CLIPModel at batch {batch}: {diff}"
            ids, mask = (torch.from_numpy(a) for a in tokenize(fast, GOLDEN_PROMPTS[:batch]))
            diff = (text(ids, mask) - model.get_text_features(input_ids=ids, attention_mask=mask)).abs().max().item()
            assert diff < 1e-5, f"traced text tower differs from CLIPModel at batch {batch}: {diff}"
    for name, module in (("image_encoder.pt", image), ("text_encoder.pt", text)):
        code = "\n".join(m.code for m in module.modules() if hasattr(m, "code"))
        assert 'torch.device("' not in code, f"{name} hard-codes a device; it would not run on another one"


def write_golden(model, slow, fast, tokenizer_json: Path) -> None:
    """Golden files for the Java parity tests, from the Python reference (CLIPImageProcessor, CLIPTokenizer, eager model)."""
    from PIL import Image
    from transformers import CLIPImageProcessor

    processor = CLIPImageProcessor(size={"shortest_edge": IMAGE_SIZE}, crop_size={"height": IMAGE_SIZE, "width": IMAGE_SIZE},
                                   resample=Image.BICUBIC, image_mean=IMAGE_MEAN, image_std=IMAGE_STD,
                                   do_center_crop=True, do_convert_rgb=True)
    GOLDEN_DIR.mkdir(parents=True, exist_ok=True)
    images = {}
    for photo in common.GOLDEN_PHOTOS:
        with Image.open(common.COCO128 / "images" / photo) as im:
            # Pillow ignores an embedded ICC profile (so does CLIPImageProcessor); a colour-managing decoder does not.
            has_icc = bool(im.info.get("icc_profile"))
            rgb = im.convert("RGB")
            pixel_values = processor(images=rgb, return_tensors="np")["pixel_values"][0].astype(np.float32)
        # Lets a test tell a decoder difference (e.g. ICC colour management) from a pre-processing difference.
        decoded_sha256 = hashlib.sha256(np.asarray(rgb, dtype=np.uint8).tobytes()).hexdigest()
        common.write_tensor(GOLDEN_DIR / f"pixel_values_{Path(photo).stem}.f32", pixel_values)
        with torch.no_grad():
            embeds = model.get_image_features(pixel_values=torch.from_numpy(pixel_values)[None])[0].numpy()
        images[photo] = {"icc_profile": has_icc, "decoded_rgb_sha256": decoded_sha256, "image_embeds": embeds}

    ids, mask = tokenize(slow, GOLDEN_PROMPTS)
    fast_ids, fast_mask = tokenize(fast, GOLDEN_PROMPTS)
    if not (np.array_equal(ids, fast_ids) and np.array_equal(mask, fast_mask)):
        raise SystemExit("CLIPTokenizerFast disagrees with CLIPTokenizer on the golden prompts")
    from tokenizers import Tokenizer

    saved = Tokenizer.from_file(str(tokenizer_json)).encode_batch(GOLDEN_PROMPTS)
    if not (np.array_equal(ids, [e.ids for e in saved]) and np.array_equal(mask, [e.attention_mask for e in saved])):
        raise SystemExit(f"{tokenizer_json} (with its own padding and truncation) disagrees with CLIPTokenizer")
    with torch.no_grad():
        text_embeds = model.get_text_features(input_ids=torch.from_numpy(ids), attention_mask=torch.from_numpy(mask)).numpy()
    texts = [{"prompt": p, "input_ids": i, "attention_mask": m, "text_embeds": e}
             for p, i, m, e in zip(GOLDEN_PROMPTS, ids, mask, text_embeds)]
    common.write_json(GOLDEN_DIR / "clip_tiny.json", {
        "source": "tools/export/export.py clip --tiny: CLIPImageProcessor, CLIPTokenizer (padding max_length 77, "
                  "truncation), eager CLIPModel get_image_features / get_text_features (not normalised)",
        "logit_scale": float(model.logit_scale.exp().item()),
        "images": images,
        "texts": texts,
    })
    print(f"golden files in {GOLDEN_DIR}")

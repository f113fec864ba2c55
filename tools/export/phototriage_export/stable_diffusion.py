"""Stable Diffusion img2img parts (LCM / turbo SD-1.5 class, or a tiny random twin): text encoder, UNet, VAE encoder and
decoder as TorchScript, CLIP tokenizer.json, and the sampler contract.

  export.py stable-diffusion --tiny                 # tiny random parts -> triage-models test fixture + golden files
  export.py stable-diffusion --real --out DIR       # a real LCM checkpoint (needs internet and `pip install diffusers`)

Tensor contract (the same for tiny and real parts; H, W the traced image size, h = H/8, w = W/8, D the text width):
  text_encoder.pt  input_ids int64 [1,77] -> last_hidden_state float32 [1,77,D]     (CLIPTextModel, no attention mask)
  unet.pt          sample float32 [1,4,h,w], timestep int64 [1], encoder_hidden_states float32 [1,77,D],
                   timestep_cond float32 [1,256] (LCM guidance embedding of w = guidance_scale - 1)
                   -> noise prediction float32 [1,4,h,w]                              (UNet2DConditionModel, epsilon)
  vae_encoder.pt   image float32 [1,3,H,W] in -1..1 -> moments float32 [1,8,h,w]: mean = channels 0-3, logvar = 4-7
                   (AutoencoderKL encoder + quant_conv; the latent is mean * scaling_factor)
  vae_decoder.pt   latent / scaling_factor float32 [1,4,h,w] -> image float32 [1,3,H,W] in about -1..1
                   (AutoencoderKL post_quant_conv + decoder)
  tokenizer.json   CLIP byte-level BPE, padded with <|endoftext|> and truncated to 77 (built by clip.py)
  manifest.json    roles text_encoder, unet, vae_encoder, vae_decoder, tokenizer; sizes, scaling factor, scheduler, guidance

The tiny UNet and VAE are written here in torch.nn with diffusers' layer structure (sinusoidal time embedding with
flip_sin_to_cos, ResNet blocks with a time projection, transformer blocks with self- and cross-attention and a GEGLU
feed-forward, GroupNorm/SiLU heads), at small widths, so the Java side is tested against the real tensor contract.
"""
from __future__ import annotations

import math
import tempfile
from pathlib import Path

import numpy as np

from . import clip, common

REAL_CHECKPOINT = "SimianLuo/LCM_Dreamshaper_v7"
TINY_NAME = "sd-tiny"
REAL_NAME = "sd-lcm"
CONTEXT_LENGTH = 77
LATENT_CHANNELS = 4
VAE_SCALE_FACTOR = 8
SCALING_FACTOR = 0.18215
TINY_IMAGE_SIZE = 64
REAL_IMAGE_SIZE = 512
GUIDANCE_EMBEDDING_DIM = 256
GUIDANCE_SCALE = 8.5  # LatentConsistencyModelPipeline's default; the UNet is conditioned on w = guidance_scale - 1
DEFAULT_PROMPT = "cinematic portrait, shallow depth of field"  # io.phototriage.core.stage.StyleRequest.DEFAULT_PROMPT
SCHEDULER = {"type": "lcm", "num_train_timesteps": 1000, "beta_start": 0.00085, "beta_end": 0.012,
             "beta_schedule": "scaled_linear", "prediction_type": "epsilon", "original_inference_steps": 50,
             "timestep_scaling": 10.0, "set_alpha_to_one": True}
GOLDEN_DIR = common.REPO_ROOT / "triage-models" / "src" / "test" / "resources" / "golden" / "sd"
GOLDEN_PHOTO = common.GOLDEN_PHOTOS[0]
GOLDEN_STRENGTHS = [0.3, 0.4, 0.5, 1.0]


def add_arguments(p) -> None:
    common.add_mode_group(p, tiny="tiny random-weight parts (seed 0) as the test fixture, plus golden files",
                          real=f"a real LCM checkpoint, default {REAL_CHECKPOINT} (needs internet, diffusers)")
    p.add_argument("--out", type=Path, help=f"model folder to write (default for --tiny: fixtures/{TINY_NAME}; required for --real)")
    p.add_argument("--checkpoint", default=REAL_CHECKPOINT, help="Hugging Face id for --real (an LCM-distilled SD 1.5 model)")
    p.add_argument("--image-size", type=int, default=None, help="traced image size, a multiple of 8 (64 tiny, 512 real)")
    p.add_argument("--bpe-vocab", type=Path, help="--tiny only: bpe_simple_vocab_16e6.txt.gz or an open_clip_torch wheel")
    p.add_argument("--no-golden", action="store_true", help="--tiny only: do not rewrite the golden files")


def main(args) -> int:
    import torch

    common.seed_everything(0)
    if args.real:
        common.require_out(args.out, "stable-diffusion --real", "the model folder to create, e.g. models/sd-lcm")
        text_encoder, unet, vae_encoder, vae_decoder, fast = load_real(args.checkpoint)
        size = args.image_size or REAL_IMAGE_SIZE
        name, source = REAL_NAME, f"{args.checkpoint} from Hugging Face, tools/export/export.py stable-diffusion --real"
    else:
        _, fast = clip.build_tokenizers(clip.read_bpe_lines(args.bpe_vocab), Path(tempfile.mkdtemp(prefix="sd-bpe-")))
        text_encoder, unet, vae_encoder, vae_decoder = tiny_parts()
        size = args.image_size or TINY_IMAGE_SIZE
        name, source = TINY_NAME, "tiny random weights (seed 0), tools/export/export.py stable-diffusion --tiny"
    if size % VAE_SCALE_FACTOR:
        raise SystemExit(f"--image-size must be a multiple of {VAE_SCALE_FACTOR}: {size}")
    out = Path(args.out) if args.out else common.FIXTURES / TINY_NAME
    out.mkdir(parents=True, exist_ok=True)
    latent = size // VAE_SCALE_FACTOR
    hidden = text_encoder.hidden_size

    with torch.no_grad():
        ids = torch.from_numpy(tokenize(fast, DEFAULT_PROMPT))
        image = torch.rand(1, 3, size, size) * 2 - 1
        sample = torch.randn(1, LATENT_CHANNELS, latent, latent)
        timestep = torch.tensor([499], dtype=torch.int64)
        context = torch.randn(1, CONTEXT_LENGTH, hidden)
        cond = torch.from_numpy(guidance_embedding(GUIDANCE_SCALE - 1))
        traced = {
            "text_encoder": torch.jit.trace(text_encoder, (ids,)),
            "unet": torch.jit.trace(unet, (sample, timestep, context, cond)),
            "vae_encoder": torch.jit.trace(vae_encoder, (image,)),
            "vae_decoder": torch.jit.trace(vae_decoder, (sample,)),
        }
    for role, module in traced.items():
        module.save(str(out / f"{role}.pt"))
    clip.save_tokenizer_json(fast, out / "tokenizer.json")

    contract = {
        "height": size,
        "width": size,
        "latent_channels": LATENT_CHANNELS,
        "vae_scale_factor": VAE_SCALE_FACTOR,
        "scaling_factor": SCALING_FACTOR,
        "context_length": CONTEXT_LENGTH,
        "text_hidden_size": hidden,
        "prediction_type": "epsilon",
        "scheduler": SCHEDULER,
        "guidance": {"scale": GUIDANCE_SCALE, "embedding_dim": GUIDANCE_EMBEDDING_DIM},
        "default_steps": 4,
        "pixel_range": [-1.0, 1.0],
        "vae_latent": "mean",
        "text_encoder": {"inputs": ["input_ids int64 [1,77]"], "outputs": [f"last_hidden_state float32 [1,77,{hidden}]"]},
        "unet": {"inputs": [f"sample float32 [1,4,{latent},{latent}]", "timestep int64 [1]",
                            f"encoder_hidden_states float32 [1,77,{hidden}]", f"timestep_cond float32 [1,{GUIDANCE_EMBEDDING_DIM}]"],
                 "outputs": [f"noise_pred float32 [1,4,{latent},{latent}]"]},
        "vae_encoder": {"inputs": [f"image float32 [1,3,{size},{size}] in -1..1"],
                        "outputs": [f"moments float32 [1,8,{latent},{latent}] (mean 0-3, logvar 4-7)"]},
        "vae_decoder": {"inputs": [f"latent/scaling_factor float32 [1,4,{latent},{latent}]"],
                        "outputs": [f"image float32 [1,3,{size},{size}] in about -1..1"]},
    }
    files = {role: f"{role}.pt" for role in traced} | {"tokenizer": "tokenizer.json"}
    common.write_manifest(out, name, "PyTorch", files, contract, source)
    for f in sorted(out.iterdir()):
        print(f"{f}: {f.stat().st_size / 1e6:.2f} MB")

    if args.tiny and not args.no_golden:
        write_golden(out, fast, (text_encoder, unet, vae_encoder, vae_decoder), size)
    return 0


def tokenize(tokenizer, prompt: str) -> np.ndarray:
    enc = tokenizer([prompt], padding="max_length", max_length=CONTEXT_LENGTH, truncation=True)
    return np.asarray(enc["input_ids"], dtype=np.int64)


# ---------------------------------------------------------------------------------------------------------------
# Reference formulas (numpy / torch), cited; the Java tests compare against their output.

def timestep_embedding(timesteps, dim: int, flip_sin_to_cos: bool = True, downscale_freq_shift: float = 0.0,
                       max_period: int = 10000):
    """diffusers.models.embeddings.get_timestep_embedding (DDPM / "Attention is all you need" sinusoids)."""
    import torch

    half = dim // 2
    exponent = -math.log(max_period) * torch.arange(0, half, dtype=torch.float32) / (half - downscale_freq_shift)
    emb = timesteps[:, None].float() * torch.exp(exponent)[None, :]
    emb = torch.cat([torch.sin(emb), torch.cos(emb)], dim=-1)
    if flip_sin_to_cos:
        emb = torch.cat([emb[:, half:], emb[:, :half]], dim=-1)
    return emb


def guidance_embedding(w: float, dim: int = GUIDANCE_EMBEDDING_DIM) -> np.ndarray:
    """LCM's guidance-scale embedding (diffusers LatentConsistencyModelPipeline.get_guidance_scale_embedding, from
    VDM / Imagen sinusoids): sin and cos of 1000 w * exp(-ln(10000) i / (dim/2 - 1)), i < dim/2. Float32, [1, dim]."""
    half = dim // 2
    freqs = np.exp(np.arange(half, dtype=np.float32) * -np.float32(math.log(10000.0) / (half - 1)))
    arg = np.float32(w * 1000.0) * freqs[None, :]
    return np.concatenate([np.sin(arg), np.cos(arg)], axis=1).astype(np.float32)


def lcm_reference(steps: int, strength: float, cfg: dict = SCHEDULER) -> dict:
    """LCM img2img schedule in numpy float64 from the published formulas: Luo et al. 2023, "Latent Consistency Models"
    (arXiv:2310.04378), Algorithm 1 (multistep sampling) on the skipping-step schedule of Sec. 4.3, with the boundary
    conditions of Song et al. 2023 (consistency models) as diffusers' LCMScheduler implements them
    (set_timesteps with strength, get_scalings_for_boundary_condition_discrete: sigma_data 0.5, timestep_scaling 10)."""
    n, orig = cfg["num_train_timesteps"], cfg["original_inference_steps"]
    k = n // orig
    origin = (np.arange(1, int(orig * strength) + 1) * k - 1)[::-1]
    if len(origin) // steps < 1:
        raise ValueError(f"strength {strength} leaves {len(origin)} timesteps for {steps} steps")
    timesteps = origin[np.floor(np.linspace(0, len(origin), num=steps, endpoint=False)).astype(np.int64)]
    s = timesteps.astype(np.float64) * cfg["timestep_scaling"]
    c_skip = 0.25 / (s ** 2 + 0.25)
    c_out = s / np.sqrt(s ** 2 + 0.25)
    return {"steps": steps, "strength": strength, "timesteps": timesteps.tolist(), "c_skip": c_skip, "c_out": c_out}


def alphas_cumprod(cfg: dict = SCHEDULER) -> np.ndarray:
    """DDPM (Ho et al. 2020) cumulative product of 1 - beta, betas scaled_linear: linspace(sqrt(b0), sqrt(b1))^2."""
    betas = np.linspace(cfg["beta_start"] ** 0.5, cfg["beta_end"] ** 0.5, cfg["num_train_timesteps"], dtype=np.float64) ** 2
    return np.cumprod(1.0 - betas)


def lcm_img2img(x0: np.ndarray, noises: list, steps: int, strength: float, eps_fn) -> np.ndarray:
    """LCM img2img on a clean latent (float64 numpy): noise to the first timestep with noises[0], then for each step
    eps -> x0 prediction -> c_out x0 + c_skip x_t, re-noised with noises[i + 1] except after the last step."""
    ac = alphas_cumprod()
    ref = lcm_reference(steps, strength)
    ts = ref["timesteps"]
    x = np.sqrt(ac[ts[0]]) * x0 + np.sqrt(1 - ac[ts[0]]) * noises[0]
    for i, t in enumerate(ts):
        eps = eps_fn(x.astype(np.float32), t).astype(np.float64)
        pred = (x - np.sqrt(1 - ac[t]) * eps) / np.sqrt(ac[t])
        denoised = ref["c_out"][i] * pred + ref["c_skip"][i] * x
        if i + 1 < len(ts):
            a_prev = ac[ts[i + 1]]
            x = np.sqrt(a_prev) * denoised + np.sqrt(1 - a_prev) * noises[i + 1]
        else:
            x = denoised
    return x


# ---------------------------------------------------------------------------------------------------------------
# Tiny parts: diffusers' structure at small widths.

def _nn():
    import torch

    return torch.nn


class Attention(_nn().Module):
    """diffusers Attention: q from x, k/v from context (x itself for self-attention), heads, out projection."""

    def __init__(self, dim: int, context_dim: int, heads: int):
        super().__init__()
        nn = _nn()
        self.heads = heads
        self.to_q = nn.Linear(dim, dim, bias=False)
        self.to_k = nn.Linear(context_dim, dim, bias=False)
        self.to_v = nn.Linear(context_dim, dim, bias=False)
        self.to_out = nn.Linear(dim, dim)

    def forward(self, x, context):
        import torch

        b, n, c = x.shape
        d = c // self.heads
        q = self.to_q(x).reshape(b, n, self.heads, d).transpose(1, 2)
        k = self.to_k(context).reshape(b, context.shape[1], self.heads, d).transpose(1, 2)
        v = self.to_v(context).reshape(b, context.shape[1], self.heads, d).transpose(1, 2)
        weights = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(d), dim=-1)
        return self.to_out((weights @ v).transpose(1, 2).reshape(b, n, c))


class TransformerBlock(_nn().Module):
    """Transformer2DModel with one BasicTransformerBlock: GroupNorm, 1x1 proj_in, self-attn, cross-attn, GEGLU FF."""

    def __init__(self, channels: int, context_dim: int, heads: int = 2, groups: int = 8):
        super().__init__()
        nn = _nn()
        self.norm = nn.GroupNorm(groups, channels, eps=1e-6)
        self.proj_in = nn.Conv2d(channels, channels, 1)
        self.norm1, self.norm2, self.norm3 = nn.LayerNorm(channels), nn.LayerNorm(channels), nn.LayerNorm(channels)
        self.attn1 = Attention(channels, channels, heads)
        self.attn2 = Attention(channels, context_dim, heads)
        self.ff_in = nn.Linear(channels, channels * 8)  # GEGLU: value and gate, 4x inner width each
        self.ff_out = nn.Linear(channels * 4, channels)
        self.proj_out = nn.Conv2d(channels, channels, 1)

    def forward(self, x, context):
        import torch

        b, c, h, w = x.shape
        residual = x
        y = self.proj_in(self.norm(x)).reshape(b, c, h * w).transpose(1, 2)
        n1 = self.norm1(y)
        y = self.attn1(n1, n1) + y
        y = self.attn2(self.norm2(y), context) + y
        value, gate = self.ff_in(self.norm3(y)).chunk(2, dim=-1)
        y = self.ff_out(value * torch.nn.functional.gelu(gate)) + y
        return self.proj_out(y.transpose(1, 2).reshape(b, c, h, w)) + residual


class ResnetBlock(_nn().Module):
    """diffusers ResnetBlock2D: GroupNorm, SiLU, conv, + time projection, GroupNorm, SiLU, conv, 1x1 shortcut."""

    def __init__(self, cin: int, cout: int, temb: int | None, groups: int = 8):
        super().__init__()
        nn = _nn()
        self.norm1 = nn.GroupNorm(groups, cin, eps=1e-5)
        self.conv1 = nn.Conv2d(cin, cout, 3, padding=1)
        self.time_emb_proj = nn.Linear(temb, cout) if temb else None
        self.norm2 = nn.GroupNorm(groups, cout, eps=1e-5)
        self.conv2 = nn.Conv2d(cout, cout, 3, padding=1)
        self.shortcut = nn.Conv2d(cin, cout, 1) if cin != cout else nn.Identity()

    def forward(self, x, temb=None):
        f = _nn().functional
        h = self.conv1(f.silu(self.norm1(x)))
        if self.time_emb_proj is not None:
            h = h + self.time_emb_proj(f.silu(temb))[:, :, None, None]
        h = self.conv2(f.silu(self.norm2(h)))
        return self.shortcut(x) + h


class TinyUNet(_nn().Module):
    """UNet2DConditionModel's forward with two levels (32, 64 channels), cross-attention on the text hidden states,
    an LCM guidance condition (time_cond_proj_dim 256) and 4 latent channels in and out."""

    def __init__(self, context_dim: int, channels=(32, 64), cond_dim: int = GUIDANCE_EMBEDDING_DIM):
        super().__init__()
        nn = _nn()
        c0, c1 = channels
        temb = c0 * 4
        self.c0 = c0
        self.cond_proj = nn.Linear(cond_dim, c0, bias=False)
        self.time_linear_1, self.time_linear_2 = nn.Linear(c0, temb), nn.Linear(temb, temb)
        self.conv_in = nn.Conv2d(LATENT_CHANNELS, c0, 3, padding=1)
        self.down0_res, self.down0_attn = ResnetBlock(c0, c0, temb), TransformerBlock(c0, context_dim)
        self.downsample = nn.Conv2d(c0, c0, 3, stride=2, padding=1)
        self.down1_res, self.down1_attn = ResnetBlock(c0, c1, temb), TransformerBlock(c1, context_dim)
        self.mid_res1, self.mid_attn, self.mid_res2 = ResnetBlock(c1, c1, temb), TransformerBlock(c1, context_dim), ResnetBlock(c1, c1, temb)
        self.up0_res, self.up0_attn = ResnetBlock(c1 + c1, c1, temb), TransformerBlock(c1, context_dim)
        self.upsample_conv = nn.Conv2d(c1, c1, 3, padding=1)
        self.up1_res, self.up1_attn = ResnetBlock(c1 + c0, c0, temb), TransformerBlock(c0, context_dim)
        self.norm_out = nn.GroupNorm(8, c0, eps=1e-5)
        self.conv_out = nn.Conv2d(c0, LATENT_CHANNELS, 3, padding=1)

    def forward(self, sample, timestep, encoder_hidden_states, timestep_cond):
        import torch

        f = torch.nn.functional
        t = timestep_embedding(timestep.expand(sample.shape[0]), self.c0)
        t = t + self.cond_proj(timestep_cond)
        temb = self.time_linear_2(f.silu(self.time_linear_1(t)))
        ctx = encoder_hidden_states
        h = self.conv_in(sample)
        skip0 = self.down0_attn(self.down0_res(h, temb), ctx)
        h = self.downsample(skip0)
        skip1 = self.down1_attn(self.down1_res(h, temb), ctx)
        h = self.mid_res2(self.mid_attn(self.mid_res1(skip1, temb), ctx), temb)
        h = self.up0_attn(self.up0_res(torch.cat([h, skip1], dim=1), temb), ctx)
        h = self.upsample_conv(f.interpolate(h, scale_factor=2.0, mode="nearest"))
        h = self.up1_attn(self.up1_res(torch.cat([h, skip0], dim=1), temb), ctx)
        return self.conv_out(f.silu(self.norm_out(h)))


class TinyVaeEncoder(_nn().Module):
    """AutoencoderKL encoder + quant_conv: three stride-2 downsamples (x8), 2 x 4 latent channels (mean, logvar)."""

    def __init__(self, width: int = 32):
        super().__init__()
        nn = _nn()
        self.conv_in = nn.Conv2d(3, width, 3, padding=1)
        self.blocks = nn.ModuleList([ResnetBlock(width, width, None) for _ in range(3)])
        self.downs = nn.ModuleList([nn.Conv2d(width, width, 3, stride=2, padding=1) for _ in range(3)])
        self.mid = ResnetBlock(width, width, None)
        self.norm_out = nn.GroupNorm(8, width, eps=1e-6)
        self.conv_out = nn.Conv2d(width, 2 * LATENT_CHANNELS, 3, padding=1)
        self.quant_conv = nn.Conv2d(2 * LATENT_CHANNELS, 2 * LATENT_CHANNELS, 1)

    def forward(self, image):
        f = _nn().functional
        h = self.conv_in(image)
        for block, down in zip(self.blocks, self.downs):
            h = down(block(h))
        h = self.conv_out(f.silu(self.norm_out(self.mid(h))))
        return self.quant_conv(h)


class TinyVaeDecoder(_nn().Module):
    """AutoencoderKL post_quant_conv + decoder: three nearest x2 upsamples with convs, 3 channels out."""

    def __init__(self, width: int = 32):
        super().__init__()
        nn = _nn()
        self.post_quant_conv = nn.Conv2d(LATENT_CHANNELS, LATENT_CHANNELS, 1)
        self.conv_in = nn.Conv2d(LATENT_CHANNELS, width, 3, padding=1)
        self.mid = ResnetBlock(width, width, None)
        self.blocks = nn.ModuleList([ResnetBlock(width, width, None) for _ in range(3)])
        self.ups = nn.ModuleList([nn.Conv2d(width, width, 3, padding=1) for _ in range(3)])
        self.norm_out = nn.GroupNorm(8, width, eps=1e-6)
        self.conv_out = nn.Conv2d(width, 3, 3, padding=1)

    def forward(self, latent):
        f = _nn().functional
        h = self.mid(self.conv_in(self.post_quant_conv(latent)))
        for block, up in zip(self.blocks, self.ups):
            h = up(f.interpolate(block(h), scale_factor=2.0, mode="nearest"))
        return self.conv_out(f.silu(self.norm_out(h)))


class TextEncoder(_nn().Module):
    """CLIPTextModel -> last_hidden_state (what SD 1.x conditions the UNet on)."""

    def __init__(self, text_model):
        super().__init__()
        self.text_model = text_model
        self.hidden_size = text_model.config.hidden_size

    def forward(self, input_ids):
        return self.text_model(input_ids=input_ids).last_hidden_state


def tiny_parts():
    from transformers import CLIPTextConfig, CLIPTextModel

    cfg = CLIPTextConfig(vocab_size=49408, hidden_size=16, intermediate_size=64, num_hidden_layers=2, num_attention_heads=2,
                         max_position_embeddings=CONTEXT_LENGTH, hidden_act="quick_gelu")
    cfg._attn_implementation = "eager"
    text = TextEncoder(CLIPTextModel(cfg).eval()).eval()
    return text, TinyUNet(context_dim=16).eval(), TinyVaeEncoder().eval(), TinyVaeDecoder().eval()


# ---------------------------------------------------------------------------------------------------------------
# Real parts (cannot run offline; diffusers imported only here).

def load_real(checkpoint: str):
    import torch
    from diffusers import AutoencoderKL, UNet2DConditionModel
    from transformers import CLIPTextModel, CLIPTokenizerFast

    text = TextEncoder(CLIPTextModel.from_pretrained(checkpoint, subfolder="text_encoder", attn_implementation="eager").eval())
    unet = UNet2DConditionModel.from_pretrained(checkpoint, subfolder="unet").eval()
    if unet.config.time_cond_proj_dim != GUIDANCE_EMBEDDING_DIM:
        raise SystemExit(f"{checkpoint}'s UNet has time_cond_proj_dim {unet.config.time_cond_proj_dim}; this exporter expects "
                         f"an LCM-distilled UNet with {GUIDANCE_EMBEDDING_DIM} (e.g. {REAL_CHECKPOINT})")
    vae = AutoencoderKL.from_pretrained(checkpoint, subfolder="vae").eval()
    if abs(vae.config.scaling_factor - SCALING_FACTOR) > 1e-6:
        raise SystemExit(f"{checkpoint}'s VAE scaling_factor is {vae.config.scaling_factor}, the contract says {SCALING_FACTOR}")
    fast = CLIPTokenizerFast.from_pretrained(checkpoint, subfolder="tokenizer")
    from diffusers import LCMScheduler

    scheduler = LCMScheduler.from_pretrained(checkpoint, subfolder="scheduler").config
    for key, want in SCHEDULER.items():
        have = scheduler.get(key, want)
        if have != want and not (isinstance(want, float) and math.isclose(have, want, rel_tol=1e-9)):
            raise SystemExit(f"{checkpoint}'s scheduler has {key} = {have}; the exported contract says {want}")

    class Unet(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.unet = unet

        def forward(self, sample, timestep, encoder_hidden_states, timestep_cond):
            return self.unet(sample, timestep, encoder_hidden_states=encoder_hidden_states, timestep_cond=timestep_cond,
                             return_dict=False)[0]

    class VaeEncoder(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder, self.quant_conv = vae.encoder, vae.quant_conv

        def forward(self, image):
            return self.quant_conv(self.encoder(image))

    class VaeDecoder(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.post_quant_conv, self.decoder = vae.post_quant_conv, vae.decoder

        def forward(self, latent):
            return self.decoder(self.post_quant_conv(latent))

    return text, Unet().eval(), VaeEncoder().eval(), VaeDecoder().eval(), fast


# ---------------------------------------------------------------------------------------------------------------
# Golden files.

def golden_pixels(size: int) -> np.ndarray:
    """GOLDEN_PHOTO centre-cropped to a square and resized (PIL bicubic) to size x size, scaled to -1..1, [1,3,H,W]."""
    from PIL import Image

    with Image.open(common.COCO128 / "images" / GOLDEN_PHOTO) as im:
        rgb = im.convert("RGB")
    side = min(rgb.size)
    left, top = (rgb.width - side) // 2, (rgb.height - side) // 2
    square = rgb.crop((left, top, left + side, top + side)).resize((size, size), Image.BICUBIC)
    pixels = np.asarray(square, dtype=np.float32).transpose(2, 0, 1)[None] / 127.5 - 1.0
    return pixels.astype(np.float32)


def write_golden(out: Path, fast, parts, size: int) -> None:
    """Golden files for the Java parity tests: each traced part on fixed inputs, from the eager Python modules, and the
    numpy reference schedule; plus a whole LCM img2img on the tiny parts with the noise it used."""
    import torch

    text_encoder, unet, vae_encoder, vae_decoder = parts
    latent = size // VAE_SCALE_FACTOR
    GOLDEN_DIR.mkdir(parents=True, exist_ok=True)
    gen = torch.Generator().manual_seed(0)
    with torch.no_grad():
        ids = tokenize(fast, DEFAULT_PROMPT)
        hidden = text_encoder(torch.from_numpy(ids)).numpy()
        cond = guidance_embedding(GUIDANCE_SCALE - 1)
        unet_sample = torch.randn(1, LATENT_CHANNELS, latent, latent, generator=gen)
        noise_pred = unet(unet_sample, torch.tensor([499]), torch.from_numpy(hidden), torch.from_numpy(cond)).numpy()
        pixels = golden_pixels(size)
        moments = vae_encoder(torch.from_numpy(pixels)).numpy()
        x0 = moments[:, :LATENT_CHANNELS] * SCALING_FACTOR
        decoded = vae_decoder(torch.from_numpy(x0 / SCALING_FACTOR)).numpy()

        steps, strength = 4, 0.5
        noises = [torch.randn(1, LATENT_CHANNELS, latent, latent, generator=gen).numpy() for _ in range(steps)]

        def eps_fn(x, t):
            return unet(torch.from_numpy(x), torch.tensor([t]), torch.from_numpy(hidden), torch.from_numpy(cond)).numpy()

        img2img_latent = lcm_img2img(x0.astype(np.float64), [n.astype(np.float64) for n in noises], steps, strength, eps_fn)
        img2img_image = vae_decoder(torch.from_numpy((img2img_latent / SCALING_FACTOR).astype(np.float32))).numpy()

    tensors = {"unet_sample": unet_sample.numpy(), "text_hidden_states": hidden, "noise_pred": noise_pred,
               "pixels": pixels, "vae_moments": moments, "vae_decoded": decoded, "guidance_embedding": cond,
               "img2img_latent": img2img_latent.astype(np.float32), "img2img_image": img2img_image}
    for i, n in enumerate(noises):
        tensors[f"img2img_noise_{i}"] = n
    for name, array in tensors.items():
        common.write_tensor(GOLDEN_DIR / f"{name}.f32", array)

    ac = alphas_cumprod()
    common.write_json(GOLDEN_DIR / "scheduler.json", {
        "source": "tools/export/phototriage_export/stable_diffusion.py lcm_reference / alphas_cumprod (numpy float64, "
                  "Luo et al. 2023 Algorithm 1, diffusers LCMScheduler formulas)",
        "config": SCHEDULER,
        "alphas_cumprod": ac,
        "lcm": [lcm_reference(4, s) for s in GOLDEN_STRENGTHS] + [lcm_reference(8, 1.0), lcm_reference(2, 0.4)],
        "guidance": {"w": GUIDANCE_SCALE - 1, "embedding_dim": GUIDANCE_EMBEDDING_DIM},
    })
    common.write_json(GOLDEN_DIR / "parts.json", {
        "source": "tools/export/export.py stable-diffusion --tiny: eager tiny parts (seed 0) on fixed inputs",
        "prompt": DEFAULT_PROMPT,
        "input_ids": ids[0],
        "unet_timestep": 499,
        "photo": GOLDEN_PHOTO,
        "pixels": "centre square crop, PIL bicubic resize, x / 127.5 - 1",
        "img2img": {"steps": steps, "strength": strength, "noises": [f"img2img_noise_{i}.f32" for i in range(steps)],
                    "start_latent": "vae_moments mean * scaling_factor"},
    })
    print(f"golden files in {GOLDEN_DIR}")

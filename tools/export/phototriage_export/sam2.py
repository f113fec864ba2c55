"""SAM 2 (video): the four networks of transformers' Sam2VideoModel as TorchScript files; the glue is Java.

  export.py sam2                          # tiny random-weight fixture (the real layout, narrow) -> triage-models tests
  export.py sam2 --full-random --out DIR  # sam2.1-hiera-tiny's layout, random weights (offline; benchmarks only)
  export.py sam2 --real --out DIR         # facebook/sam2.1-hiera-tiny (needs internet once; not testable offline)

The split (see docs/video-sam2.md). S = image size, g = S/16 (the memory grid), C = hidden size, M = 64 (memory dim):
  image_encoder.pt     pixel_values [1,3,S,S] -> feat_s0 [1,C/8,4g,4g] (conv_s0 applied), feat_s1 [1,C/4,2g,2g]
                       (conv_s1 applied), vision_features [1,C,g,g], vision_pos [1,C,g,g],
                       vision_features + no_memory_embedding [1,C,g,g] (the initial conditioning frame's pix_feat)
  memory_attention.pt  vision_features, vision_pos, memories [N,g*g,M] (spatial, bf16-rounded), memory_pos [N,g*g,M],
                       temporal_index [N] (int64, index into memory_temporal_positional_encoding), pointers [P,C],
                       pointer_sine_pe [P,C] (1-d sine encoding of the normalised temporal offsets)
                       -> memory-conditioned pix_feat [1,C,g,g]. N and P are dynamic (the number of object pointer
                       tokens P*C/M is taken from the pointer tensor, so one file serves every count).
  memory_encoder.pt    vision_features [1,C,g,g], mask_for_mem [1,1,S,S] (already scaled: sigmoid or binarised,
                       *20-10), object_score_logits [1,1] -> maskmem_features [g*g,1,M] (rounded to bfloat16 as
                       transformers stores them), maskmem_pos_enc [g*g,1,M]
  mask_decoder.pt      pix_feat [1,C,g,g], feat_s0, feat_s1, points [1,1,K,2] (pixels of the S frame), labels [1,1,K]
                       (int32), mask [1,1,S,S] (0/1), use_mask [1] (0 or 1)
                       -> all 4 mask logits [1,1,4,4g,4g] (token 0 = single mask, 1..3 = multimask), all 4 IoU
                       predictions [1,1,4], the object pointer of each token [1,4,C] (projected, mixed with
                       no_object_pointer by the object score), object_score_logits [1,1], the mask prompt's low-res
                       logits [1,1,4g,4g] (antialiased downscale of mask*20-10)
Java chooses the memories, builds the pointer encodings, picks the mask (multimask argmax or the stability fallback)
and converts masks for the memory encoder, as Sam2VideoModel does in Python.
"""
from __future__ import annotations

import argparse
import os
from pathlib import Path

from . import common, sam

NAME_TINY = "sam2-tiny"
REAL_CHECKPOINT = "facebook/sam2.1-hiera-tiny"
TINY_IMAGE_SIZE = 256
MEMORY_DIM = 64


def add_arguments(p: argparse.ArgumentParser) -> None:
    common.add_mode_group(p, tiny="tiny random-weight model (seed 0), the default",
                          real=f"export {REAL_CHECKPOINT} (downloads it)",
                          full_random=f"random weights (seed 0) in {REAL_CHECKPOINT}'s layout (1024 px), offline: "
                                      "benchmarks only", required=False)
    p.add_argument("--out", type=Path, help="output folder (default: the test fixture folder for the tiny model)")
    p.add_argument("--checkpoint", default=REAL_CHECKPOINT, help="HF checkpoint for --real")


def tiny_config():
    """The real layout (Hiera with 4 stages and windowed + global attention, FPN over 3 levels, memory attention with
    RoPE self- and cross-attention, 7 memories, 16 object pointers split into C/64 tokens, the occlusion embedding
    of sam2.1), narrow: 256 px input, C = 128, fewer blocks and layers; each part < 2 MB."""
    from transformers import Sam2VideoConfig
    from transformers.models.sam2.configuration_sam2 import Sam2HieraDetConfig, Sam2VisionConfig

    s, c = TINY_IMAGE_SIZE, 128
    hiera = Sam2HieraDetConfig(
        hidden_size=16, image_size=[s, s], blocks_per_stage=[1, 1, 2, 1], embed_dim_per_stage=[16, 32, 64, 128],
        num_attention_heads_per_stage=[1, 1, 2, 2], window_size_per_stage=[8, 4, 8, 4], global_attention_blocks=[3],
        num_attention_heads=1,
    )
    vision = Sam2VisionConfig(
        backbone_config=hiera.to_dict(), backbone_channel_list=[128, 64, 32, 16],
        backbone_feature_sizes=[[s // 4, s // 4], [s // 8, s // 8], [s // 16, s // 16]], fpn_hidden_size=c,
    )
    return Sam2VideoConfig(
        vision_config=vision.to_dict(),
        prompt_encoder_config=dict(hidden_size=c, image_size=s, patch_size=16),
        mask_decoder_config=dict(hidden_size=c, mlp_dim=256, num_hidden_layers=2, num_attention_heads=8,
                                 iou_head_hidden_dim=128),
        image_size=s, memory_attention_hidden_size=c, memory_attention_num_layers=2,
        memory_attention_feed_forward_hidden_size=256, memory_attention_rope_feat_sizes=[s // 16, s // 16],
        memory_encoder_hidden_size=c, mask_downsampler_embed_dim=c, memory_fuser_embed_dim=c,
        memory_fuser_intermediate_dim=256,
    )


def full_random_config():
    """transformers' Sam2VideoConfig defaults: the sam2.1-hiera-tiny layout (1024 px, Hiera-T, C = 256)."""
    from transformers import Sam2VideoConfig

    return Sam2VideoConfig()


def randomise_tiny(model, object_score_bias: float = 2.0) -> None:
    """Random weights that make a meaningful parity test. transformers' own initialisation (N(0, 0.02) weights, zero
    biases, and zeros for the no-memory/no-object embeddings, the temporal encodings, the occlusion embedding and the
    memory fuser's layer scale) would leave much of the glue without effect on the outputs and the mask logits near
    0. Here every weight is N(0, 1/fan_in) (activations keep their scale), every bias and layer scale N(0, 0.1),
    every LayerNorm scale 1 + N(0, 0.1), every embedding and every model-level parameter N(0, 0.5), so that each
    term the Java glue adds changes the result; the object score head's last bias is set so that the random model
    sees the object (its masks then go through the tracking path, not the -1024 no-object placeholder)."""
    import torch
    from torch import nn

    with torch.no_grad():
        handled = set()
        for module in model.modules():
            if isinstance(module, (nn.Linear, nn.Conv2d, nn.ConvTranspose2d)):
                fan_in = module.weight[0].numel() if not isinstance(module, nn.ConvTranspose2d) else \
                    module.weight.shape[0] * module.weight[0, 0].numel()
                module.weight.normal_(0.0, fan_in ** -0.5)
                if module.bias is not None:
                    module.bias.normal_(0.0, 0.1)
            elif isinstance(module, nn.LayerNorm):
                module.weight.copy_(1.0 + 0.1 * torch.randn_like(module.weight))
                module.bias.normal_(0.0, 0.1)
            elif isinstance(module, nn.Embedding):
                module.weight.normal_(0.0, 0.5)
            else:
                continue
            handled.update(id(p) for p in module.parameters(recurse=False))
        for name, p in model.named_parameters():
            if id(p) not in handled:  # model-level embeddings, Hiera's position embeddings, layer scales
                p.normal_(0.0, 0.1 if name.endswith(".scale") else 0.5)
        model.mask_decoder.pred_obj_score_head.proj_out.bias.fill_(object_score_bias)


def contract(model) -> dict:
    from transformers.image_utils import IMAGENET_DEFAULT_MEAN, IMAGENET_DEFAULT_STD

    cfg = model.config
    s = cfg.image_size
    g = cfg.vision_config.backbone_feature_sizes[-1][0]
    hidden = cfg.vision_config.fpn_hidden_size
    return {
        "image_size": s,
        "resample": "bilinear (torchvision, antialiased) to image_size x image_size, aspect ratio not kept",
        "rescale": 1.0 / 255.0,
        "pixel_mean": list(IMAGENET_DEFAULT_MEAN),
        "pixel_std": list(IMAGENET_DEFAULT_STD),
        "memory_grid": g,
        "low_res_mask_size": 4 * g,
        "hidden_size": hidden,
        "memory_dim": cfg.memory_encoder_output_channels,
        "num_maskmem": cfg.num_maskmem,
        "max_object_pointers": cfg.max_object_pointers_in_encoder,
        "temporal_pos_encoding_for_object_pointers": bool(cfg.enable_temporal_pos_encoding_for_object_pointers),
        "multimask_output_in_sam": bool(cfg.multimask_output_in_sam),
        "multimask_min_pt_num": cfg.multimask_min_pt_num,
        "multimask_max_pt_num": cfg.multimask_max_pt_num,
        "multimask_output_for_tracking": bool(cfg.multimask_output_for_tracking),
        "dynamic_multimask_via_stability": bool(cfg.mask_decoder_config.dynamic_multimask_via_stability),
        "dynamic_multimask_stability_delta": cfg.mask_decoder_config.dynamic_multimask_stability_delta,
        "dynamic_multimask_stability_thresh": cfg.mask_decoder_config.dynamic_multimask_stability_thresh,
        "sigmoid_scale_for_mem_enc": cfg.sigmoid_scale_for_mem_enc,
        "sigmoid_bias_for_mem_enc": cfg.sigmoid_bias_for_mem_enc,
        "mask_threshold": 0.0,
        "no_object_score": -1024.0,
    }


def build_wrappers(model):
    import torch
    import torch.nn.functional as F

    hidden = model.config.vision_config.fpn_hidden_size
    mem_dim = model.config.memory_encoder_output_channels
    image_size = model.config.image_size

    class ImageEncoder(torch.nn.Module):
        def __init__(self, m):
            super().__init__()
            self.vision_encoder = m.vision_encoder
            self.conv_s0 = m.mask_decoder.conv_s0
            self.conv_s1 = m.mask_decoder.conv_s1
            self.no_memory_embedding = m.no_memory_embedding

        def forward(self, pixel_values):
            # as Sam2VideoModel.get_image_features, kept in [B,C,H,W]
            out = self.vision_encoder(pixel_values)
            feats = out.fpn_hidden_states
            pos = out.fpn_position_encoding
            s0 = self.conv_s0(feats[0])
            s1 = self.conv_s1(feats[1])
            top = feats[2]
            no_memory = top + self.no_memory_embedding.reshape(1, -1, 1, 1)
            return s0, s1, top, pos[2], no_memory

    class MemoryAttention(torch.nn.Module):
        def __init__(self, m):
            super().__init__()
            self.memory_attention = m.memory_attention
            self.memory_temporal_positional_encoding = m.memory_temporal_positional_encoding
            self.projection = m.temporal_positional_encoding_projection_layer

        def forward(self, vision_features, vision_pos, memories, memory_pos, temporal_index, pointers, pointer_sine_pe):
            batch, channels, height, width = vision_features.shape
            current = vision_features.flatten(2).permute(2, 0, 1)
            current_pos = vision_pos.flatten(2).permute(2, 0, 1)
            # _build_memory_attention_inputs: spatial memory + its position encoding + the temporal encoding
            n = memories.shape[0]
            spatial = memories.reshape(-1, 1, mem_dim)
            temporal = self.memory_temporal_positional_encoding[temporal_index].reshape(n, 1, mem_dim)
            spatial_pos = (memory_pos + temporal).reshape(-1, 1, mem_dim)
            # _process_object_pointers: project the sine encoding, split each C-wide pointer into C/M tokens
            splits = channels // mem_dim
            pointer_pos = self.projection(pointer_sine_pe).unsqueeze(1)
            tokens = pointers.reshape(-1, 1, splits, mem_dim).permute(0, 2, 1, 3).flatten(0, 1)
            tokens_pos = pointer_pos.repeat_interleave(splits, dim=0)
            memory = torch.cat([spatial, tokens], dim=0)
            memory_pos_all = torch.cat([spatial_pos, tokens_pos], dim=0)
            conditioned = self.memory_attention(
                current_vision_features=current,
                current_vision_position_embeddings=current_pos,
                memory=memory,
                memory_posision_embeddings=memory_pos_all,
                num_object_pointer_tokens=tokens.shape[0],
            )
            return conditioned.squeeze(1).permute(0, 2, 1).reshape(batch, channels, height, width)

    class MemoryEncoder(torch.nn.Module):
        def __init__(self, m):
            super().__init__()
            self.memory_encoder = m.memory_encoder
            self.occlusion = m.occlusion_spatial_embedding_parameter

        def forward(self, vision_features, mask_for_mem, object_score_logits):
            # as Sam2VideoModel._encode_new_memory after the mask's sigmoid/binarisation and scale/bias
            features, pos = self.memory_encoder(vision_features, mask_for_mem)
            appearing = (object_score_logits > 0).float()
            features = features + (1 - appearing[..., None, None]) * self.occlusion[..., None, None].expand(
                *features.shape)
            features = features.to(torch.bfloat16).to(torch.float32).flatten(2).permute(2, 0, 1)
            pos = pos.flatten(2).permute(2, 0, 1)
            return features, pos

    class MaskDecoder(torch.nn.Module):
        def __init__(self, m):
            super().__init__()
            self.shared_image_embedding = m.shared_image_embedding
            self.prompt_encoder = m.prompt_encoder
            self.decoder = m.mask_decoder
            self.mask_downsample = m.mask_downsample
            self.object_pointer_proj = m.object_pointer_proj
            self.no_object_pointer = m.no_object_pointer
            self.grid = model.prompt_encoder.image_embedding_size

        def forward(self, pix_feat, feat_s0, feat_s1, points, labels, mask, use_mask):
            # the mask prompt's path (_use_mask_as_output): conv-downsampled mask as the dense prompt
            mask_prompt = self.mask_downsample(mask)
            if mask_prompt.shape[-2:] != self.prompt_encoder.mask_input_size:
                mask_prompt = F.interpolate(mask_prompt.float(), size=self.prompt_encoder.mask_input_size,
                                            align_corners=False, mode="bilinear", antialias=True)
            sparse, dense_mask = self.prompt_encoder(input_points=points, input_labels=labels, input_boxes=None,
                                                     input_masks=mask_prompt)
            dense_none = self.prompt_encoder.no_mask_embed.weight.reshape(1, -1, 1, 1).expand_as(dense_mask)
            flag = use_mask.reshape(1, 1, 1, 1)
            dense = flag * dense_mask + (1 - flag) * dense_none
            masks, iou, tokens, object_score = self.decode_all(pix_feat, sparse, dense, feat_s0, feat_s1)
            appearing = (object_score > 0).to(tokens.dtype)  # [1,1]
            pointers = self.object_pointer_proj(tokens[0])  # [1,4,C]
            pointers = appearing[..., None] * pointers + (1 - appearing[..., None]) * self.no_object_pointer
            high = mask * 20.0 - 10.0
            low = F.interpolate(high, size=(high.shape[-2] // 4, high.shape[-1] // 4), align_corners=False,
                                mode="bilinear", antialias=True)
            return masks, iou, pointers, object_score, low

        def decode_all(self, image_embeddings, sparse, dense, feat_s0, feat_s1):
            """Sam2VideoMaskDecoder.forward for one image and one prompt, returning all 4 mask tokens' outputs (the
            multimask choice and the stability fallback are made in Java)."""
            d = self.decoder
            batch_size, num_channels, height, width = image_embeddings.shape
            point_batch_size = sparse.shape[1]
            output_tokens = torch.cat([d.obj_score_token.weight, d.iou_token.weight, d.mask_tokens.weight], dim=0)
            output_tokens = output_tokens.repeat(batch_size, point_batch_size, 1, 1)
            tokens = torch.cat((output_tokens, sparse), dim=2)
            point_embeddings = tokens.to(d.iou_token.weight.dtype)
            image_embeddings = image_embeddings + dense
            image_positional_embeddings = sam.image_wide_positional_embeddings(self.shared_image_embedding, *self.grid)
            point_embeddings, image_embeddings = d.transformer(
                point_embeddings=point_embeddings,
                image_embeddings=image_embeddings,
                image_positional_embeddings=image_positional_embeddings,
                attention_similarity=None,
                target_embedding=None,
            )
            iou_token_out = point_embeddings[:, :, 1, :]
            mask_tokens_out = point_embeddings[:, :, 2:(2 + d.num_mask_tokens), :]
            image_embeddings = image_embeddings.transpose(2, 3).view(
                batch_size * point_batch_size, num_channels, height, width)
            upscaled = d.upscale_conv1(image_embeddings) + feat_s1
            upscaled = d.activation(d.upscale_layer_norm(upscaled))
            upscaled = d.activation(d.upscale_conv2(upscaled) + feat_s0)
            hyper_in = torch.stack(
                [mlp(mask_tokens_out[:, :, i, :]) for i, mlp in enumerate(d.output_hypernetworks_mlps)], dim=2)
            _, num_channels, height, width = upscaled.shape
            upscaled = upscaled.view(batch_size, point_batch_size, num_channels, height * width)
            masks = (hyper_in @ upscaled).view(batch_size, point_batch_size, -1, height, width)
            iou_pred = d.iou_prediction_head(iou_token_out)
            object_score_logits = d.pred_obj_score_head(point_embeddings[:, :, 0, :])
            return masks, iou_pred, mask_tokens_out, object_score_logits.reshape(1, 1)

    del hidden, image_size
    return (ImageEncoder(model).eval(), MemoryAttention(model).eval(), MemoryEncoder(model).eval(),
            MaskDecoder(model).eval())


def example_inputs(model):
    import torch

    cfg = model.config
    s = cfg.image_size
    c = cfg.vision_config.fpn_hidden_size
    g = cfg.vision_config.backbone_feature_sizes[-1][0]
    m = cfg.memory_encoder_output_channels
    gen = torch.Generator().manual_seed(1)

    def r(*shape):
        return torch.randn(*shape, generator=gen)

    return {
        "pixels": r(1, 3, s, s),
        # 3 memories and 5 pointers: the traced graph must not bake either count in
        "memory": (r(1, c, g, g), r(1, c, g, g), r(3, g * g, m), r(3, g * g, m), torch.tensor([6, 0, 1]),
                   r(5, c), r(5, c)),
        "memory_encoder": (r(1, c, g, g), r(1, 1, s, s), torch.tensor([[0.5]])),
        "decoder": (r(1, c, g, g), r(1, c // 8, 4 * g, 4 * g), r(1, c // 4, 2 * g, 2 * g),
                    torch.tensor([[[[10.0, 20.0], [100.0, 120.0]]]]), torch.tensor([[[2, 3]]], dtype=torch.int32),
                    (r(1, 1, s, s) > 0).float(), torch.tensor([1.0])),
    }


def export(model, out_dir: Path, name: str, source: str) -> dict:
    import torch

    out_dir.mkdir(parents=True, exist_ok=True)
    model = model.eval()
    encoder, memory_attention, memory_encoder, decoder = build_wrappers(model)
    ex = example_inputs(model)
    files = {}
    with torch.no_grad():
        traced_encoder = torch.jit.trace(encoder, (ex["pixels"],), check_trace=False)
        traced_attention = torch.jit.trace(memory_attention, ex["memory"], check_trace=False)
        traced_memory = torch.jit.trace(memory_encoder, ex["memory_encoder"], check_trace=False)
        traced_decoder = torch.jit.trace(decoder, ex["decoder"], check_trace=False)
        check_dynamic(model, memory_attention, traced_attention, decoder, traced_decoder)
    for role, traced in (("image_encoder", traced_encoder), ("memory_attention", traced_attention),
                         ("memory_encoder", traced_memory), ("mask_decoder", traced_decoder)):
        path = out_dir / f"{role}.pt"
        traced.save(str(path))
        files[role] = path.name
    common.write_manifest(out_dir, name, "PyTorch", files, contract(model), source)
    return {role: out_dir / f for role, f in files.items()}


def check_dynamic(model, attention, traced_attention, decoder, traced_decoder) -> None:
    """The traced memory attention must follow the eager one for other memory and pointer counts than traced with
    (1 memory and 1 pointer, 7 memories and 16 pointers), the decoder for other point counts."""
    import torch

    cfg = model.config
    c = cfg.vision_config.fpn_hidden_size
    g = cfg.vision_config.backbone_feature_sizes[-1][0]
    m = cfg.memory_encoder_output_channels
    gen = torch.Generator().manual_seed(2)
    for n, p in ((1, 1), (7, 16), (2, 3)):
        args = (torch.randn(1, c, g, g, generator=gen), torch.randn(1, c, g, g, generator=gen),
                torch.randn(n, g * g, m, generator=gen), torch.randn(n, g * g, m, generator=gen),
                torch.arange(n) % cfg.num_maskmem, torch.randn(p, c, generator=gen), torch.randn(p, c, generator=gen))
        err = (traced_attention(*args) - attention(*args)).abs().max().item()
        assert err < 1e-4, f"traced memory attention differs by {err} with {n} memories and {p} pointers"
    s = cfg.image_size
    args = (torch.randn(1, c, g, g, generator=gen), torch.randn(1, c // 8, 4 * g, 4 * g, generator=gen),
            torch.randn(1, c // 4, 2 * g, 2 * g, generator=gen), torch.zeros(1, 1, 1, 2),
            -torch.ones(1, 1, 1, dtype=torch.int32), torch.zeros(1, 1, s, s), torch.tensor([0.0]))
    for a, b in zip(traced_decoder(*args), decoder(*args)):
        err = (a - b).abs().max().item()
        assert err < 1e-4, f"traced mask decoder differs by {err} for a 1-point prompt"


def build_tiny():
    from transformers import Sam2VideoModel

    common.seed_everything(0)
    model = Sam2VideoModel._from_config(tiny_config(), attn_implementation="eager").eval()
    randomise_tiny(model)
    return model


def main(args) -> int:
    import torch
    from transformers import Sam2VideoModel

    torch.set_num_threads(max(1, min(2, os.cpu_count() or 1)))
    if args.real:
        common.require_out(args.out, "--real", "e.g. $PHOTOTRIAGE_MODELS/sam2.1-hiera-tiny")
        model = Sam2VideoModel.from_pretrained(args.checkpoint, attn_implementation="eager").eval()
        paths = export(model, args.out, Path(args.out).name, f"{args.checkpoint}, tools/export/export.py sam2 --real")
    elif args.full_random:
        common.require_out(args.out, "--full-random", "e.g. models-full/sam2.1-hiera-tiny")
        common.seed_everything(0)
        model = Sam2VideoModel._from_config(full_random_config(), attn_implementation="eager").eval()
        source = (f"random weights (seed 0) in {REAL_CHECKPOINT}'s layout, tools/export/export.py sam2 --full-random: "
                  "for benchmarks only, its masks are noise")
        paths = export(model, args.out, Path(args.out).name, source)
    else:
        model = build_tiny()
        out = args.out or common.FIXTURES / NAME_TINY
        paths = export(model, out, NAME_TINY, "tiny random weights, seed 0, tools/export/export.py sam2 --tiny")
    for role, f in paths.items():
        print(f"{role}: {f} {f.stat().st_size / 1e6:.2f} MB")
    return 0

"""PyTorch nets built from a pixelpilot resolved net spec, as SLM Lab and AMAGO build them.

Used by the export tests to load pixelpilot's safetensors exports with load_state_dict(strict=True)
and compare outputs. Written for this repository after SLM Lab's slm_lab/agent/net (conv.py ConvNet,
mlp.py MLPNet, recurrent.py RecurrentNet, net_util.build_fc_model) and AMAGO's amago/nets/cnn.py
(NatureishCNN, GridworldCNN, DrQCNN, IMPALAishCNN): same module attributes, so the same
state_dict keys (conv_model.0.weight, cnn.conv1.weight, fc_model.0.weight, rnn_model.weight_ih_l0,
model_tail.0.weight, model_tails.1.0.bias, ...). pixelpilot extends RecurrentNet with a per-step
image encoder (conv_model rows or an AMAGO `cnn`) in front of fc_model; AMAGO net types are whole
nets here: cnn, then fc_model and the tails.

Input: images NCHW with uint8 pixel values (as floats or uint8), or vectors [B, D];
RecurrentNet [B, T, ...]. Needs only torch and numpy (Debian's python3-torch, python3-numpy).
"""
import json
import struct

import numpy as np
import torch
import torch.nn as nn

ACTIVATIONS = {
    "relu": nn.ReLU,
    "leaky_relu": nn.LeakyReLU,
    "elu": nn.ELU,
    "selu": nn.SELU,
    "gelu": nn.GELU,
    "sigmoid": nn.Sigmoid,
    "tanh": nn.Tanh,
    "softplus": nn.Softplus,
    "linear": nn.Identity,
}


def activation(name):
    return ACTIVATIONS[name]()


def build_fc_model(dims, act):
    """SLM Lab's net_util.build_fc_model: Linear (+ activation) per consecutive pair of dims."""
    layers = []
    for in_d, out_d in zip(dims[:-1], dims[1:]):
        layers.append(nn.Linear(in_d, out_d))
        if act is not None:
            layers.append(activation(act))
    return nn.Sequential(*layers)


def build_conv_layers(rows, in_c, act, batch_norm):
    """SLM Lab's ConvNet.build_conv_layers: Conv2d(in, *row), activation, BatchNorm2d but after the first."""
    layers = []
    for i, row in enumerate(rows):
        out_c, kernel, stride, padding, dilation = row
        layers.append(nn.Conv2d(in_c, out_c, _pair(kernel), _pair(stride), _pad(padding), _pair(dilation)))
        layers.append(activation(act))
        if batch_norm and i != 0:
            layers.append(nn.BatchNorm2d(out_c))
        in_c = out_c
    return nn.Sequential(*layers)


def _pair(v):
    return tuple(v) if isinstance(v, list) else v


def _pad(v):
    return v if isinstance(v, str) else _pair(v)


class NatureishCNN(nn.Module):
    """AMAGO's NatureishCNN (and GridworldCNN: the same layout, other defaults): conv1..conv3, activation after each."""

    def __init__(self, in_c, act, channels, kernels, strides):
        super().__init__()
        self.conv1 = nn.Conv2d(in_c, channels[0], kernel_size=kernels[0], stride=strides[0])
        self.conv2 = nn.Conv2d(channels[0], channels[1], kernel_size=kernels[1], stride=strides[1])
        self.conv3 = nn.Conv2d(channels[1], channels[2], kernel_size=kernels[2], stride=strides[2])
        self.activation = activation(act)

    def forward(self, x):
        x = self.activation(self.conv1(x))
        x = self.activation(self.conv2(x))
        return self.activation(self.conv3(x))


class DrQCNN(nn.Module):
    """AMAGO's DrQCNN: conv1 32/3/2, conv2..conv4 32/3/1, activation after each."""

    def __init__(self, in_c, act):
        super().__init__()
        self.conv1 = nn.Conv2d(in_c, 32, kernel_size=3, stride=2)
        self.conv2 = nn.Conv2d(32, 32, kernel_size=3, stride=1)
        self.conv3 = nn.Conv2d(32, 32, kernel_size=3, stride=1)
        self.conv4 = nn.Conv2d(32, 32, kernel_size=3, stride=1)
        self.activation = activation(act)

    def forward(self, x):
        for conv in (self.conv1, self.conv2, self.conv3, self.conv4):
            x = self.activation(conv(x))
        return x


class _ResidualBlock(nn.Module):
    def __init__(self, depth, act, post_group_norm):
        super().__init__()
        self.conv1 = nn.Conv2d(depth, depth, kernel_size=3, stride=1, padding="same")
        self.conv2 = nn.Conv2d(depth, depth, kernel_size=3, stride=1, padding="same")
        self.activation = activation(act)
        self.norm = nn.GroupNorm(4, depth) if post_group_norm else nn.Identity()

    def forward(self, x):
        xp = self.conv1(self.activation(x))
        xp = self.conv2(self.activation(xp))
        return self.norm(x + xp)


class _IMPALAConvBlock(nn.Module):
    def __init__(self, in_c, depth, act, post_group_norm):
        super().__init__()
        self.conv = nn.Conv2d(in_c, depth, kernel_size=3, stride=1, padding="same")
        self.pool = nn.MaxPool2d(3, stride=2)
        self.residual1 = _ResidualBlock(depth, act, post_group_norm)
        self.residual2 = _ResidualBlock(depth, act, post_group_norm)

    def forward(self, x):
        return self.residual2(self.residual1(self.pool(self.conv(x))))


class IMPALAishCNN(nn.Module):
    """AMAGO's IMPALAishCNN: blocks.{i} of conv, pool, two residual blocks."""

    def __init__(self, in_c, act, cnn_block_depths, post_group_norm):
        super().__init__()
        chans = [in_c] + list(cnn_block_depths)
        self.blocks = nn.ModuleList([_IMPALAConvBlock(i, o, act, post_group_norm) for i, o in zip(chans, chans[1:])])

    def forward(self, x):
        for block in self.blocks:
            x = block(x)
        return x


def amago_cnn(cnn, in_c):
    name = cnn["name"]
    if name in ("NatureishCNN", "GridworldCNN"):
        return NatureishCNN(in_c, cnn["activation"], cnn["channels"], cnn["kernels"], cnn["strides"])
    if name == "DrQCNN":
        return DrQCNN(in_c, cnn["activation"])
    if name == "IMPALAishCNN":
        return IMPALAishCNN(in_c, cnn["activation"], cnn["cnn_block_depths"], cnn["post_group_norm"])
    raise ValueError(f"unknown AMAGO encoder {name}")


def uses_amago(spec):
    if spec["type"] == "RecurrentNet":
        return spec.get("cnn") is not None
    return spec["type"] not in ("ConvNet", "MLPNet")


class Net(nn.Module):
    """MLPNet, ConvNet, an AMAGO net type, or RecurrentNet, from a resolved net spec.

    in_shape: [H, W, C] (images) or [D]; out_dims: one output size per head.
    """

    def __init__(self, spec, in_shape, out_dims):
        super().__init__()
        self.spec = spec
        self.recurrent = spec["type"] == "RecurrentNet"
        self.image = len(in_shape) == 3
        self.amago = self.image and uses_amago(spec)
        act = spec["hid_layers_activation"]
        if spec["type"] == "MLPNet":
            dims = [int(np.prod(in_shape))] + spec["hid_layers"]
            self.model = build_fc_model(dims, act)
            features = dims[-1]
        else:
            if self.image:
                h, w, c = in_shape
                if self.amago:
                    self.cnn = amago_cnn(spec["cnn"], c)
                else:
                    self.conv_model = build_conv_layers(spec["conv_hid_layers"], c, act, spec["batch_norm"])
                with torch.no_grad():
                    features = self._encode(torch.zeros(1, c, h, w)).shape[1]
            else:
                features = int(np.prod(in_shape))
            if spec["fc_hid_layers"]:
                self.fc_model = build_fc_model([features] + spec["fc_hid_layers"], act)
                features = spec["fc_hid_layers"][-1]
            if self.recurrent:
                cell = {"GRU": nn.GRU, "LSTM": nn.LSTM, "RNN": nn.RNN}[spec["cell_type"]]
                self.rnn_model = cell(
                    input_size=features,
                    hidden_size=spec["rnn_hidden_size"],
                    num_layers=spec["rnn_num_layers"],
                    batch_first=True,
                    bidirectional=spec["bidirectional"],
                )
                features = spec["rnn_hidden_size"]
        out_act = spec["out_layer_activation"]
        acts = out_act if isinstance(out_act, list) else [out_act] * len(out_dims)
        if len(out_dims) == 1:
            self.model_tail = build_fc_model([features, out_dims[0]], acts[0])
        else:
            self.model_tails = nn.ModuleList([build_fc_model([features, o], a) for o, a in zip(out_dims, acts)])

    def _encode(self, x):
        """Image encoder on NCHW pixel values, flattened as PyTorch flattens (c, h, w)."""
        x = x.float()
        if self.amago:
            x = self.cnn(x / 128.0 - 1.0)  # AMAGO's CNN.forward on uint8 frames
        else:
            if self.spec["normalize"]:
                x = x / 255.0  # SLM Lab's ConvNet.forward
            x = self.conv_model(x)
        return x.flatten(1)

    def _body(self, x):
        if self.spec["type"] == "MLPNet":
            return self.model(x.float().flatten(1))
        x = self._encode(x) if self.image else x.float().flatten(1)
        return self.fc_model(x) if hasattr(self, "fc_model") else x

    def forward(self, x):
        if self.recurrent:
            b, t = x.shape[:2]
            x = self._body(x.reshape(b * t, *x.shape[2:])).reshape(b, t, -1)
            _, h_n = self.rnn_model(x)
            x = (h_n[0] if isinstance(h_n, tuple) else h_n)[-1]  # SLM Lab: h_n[-1]
        else:
            x = self._body(x)
        if hasattr(self, "model_tail"):
            return [self.model_tail(x)]
        return [tail(x) for tail in self.model_tails]


DTYPES = {"F32": np.float32, "F64": np.float64, "F16": np.float16, "I64": np.int64, "I32": np.int32, "U8": np.uint8}


def read_safetensors(path):
    """A safetensors file as ({name: torch tensor}, metadata), with numpy only (no safetensors package)."""
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + n])
    metadata = header.pop("__metadata__", {})
    base = 8 + n
    tensors = {}
    for name, entry in header.items():
        begin, end = entry["data_offsets"]
        array = np.frombuffer(data[base + begin : base + end], dtype=DTYPES[entry["dtype"]]).reshape(entry["shape"])
        tensors[name] = torch.from_numpy(array.copy())
    return tensors, metadata

package org.iwae4j.train;

/**
 * The TorchScript text of the written-out training step: the forward pass of a VAE or IWAE with any
 * number of Gaussian stochastic layers (tanh networks between them), the bound, the backward pass
 * derived by hand (no autograd) and libtorch's fused Adam update, in one method. Each layer's gradient
 * is written straight into its region of a flat gradient buffer; the elementwise chains use the
 * engine's fused forms (softplus and its backward, tanh's backward from the output, logsumexp).
 *
 * <p>Notation: L = -(1/B) sum_b bound_b is the loss; a[k, b] = d bound_b / d log w[k, b] / B (the
 * normalized importance weights over B for IWAE, 1 / (k B) for the ELBO), so dL/d log w = -a. With
 * log w = log p(x | h_1) + log p(h) - log q(h | x) and the samples h_l = mu_l + exp(ls_l) eps_l:
 * <ul>
 * <li>log p(x | h_1) = -sum softplus(s l), s = 1 - 2x: dL/dl = a s sigmoid(s l) (softplus_backward);
 * <li>the top prior -|h_L|^2 / 2: dL/dh_L += a h_L;
 * <li>log N(h_l; m, e^lp) = -|u|^2 / 2 - sum lp, u = (h_l - m) e^-lp: dL/dh_l += a u e^-lp,
 *     dL/dm = -a u e^-lp, dL/dlp = a (1 - u^2);
 * <li>-log q = |eps|^2 / 2 + sum ls: dL/dls = -a, and through the sample dL/dmu = dL/dh,
 *     dL/dls += dL/dh exp(ls) eps (summed over the k samples for the first layer, whose moments are
 *     computed once per input).
 * </ul>
 * The log weights are summed in the general path's order and with its constants (the same rounding
 * there, so the importance weights, which amplify any difference, agree). The noise is drawn in the
 * general path's order (layer by layer, from torch's generator seeded just before), so both paths
 * see the same draws.
 */
final class WrittenOutProgram {
    private WrittenOutProgram() {}

    static final String CLASS = "WrittenOutStep";

    static final String CODE = String.join("\n",
            "class WrittenOutStep(Module):",
            "  __parameters__ = []",
            "  __buffers__ = []",
            "  training : bool",
            "  def forward(self: __torch__.WrittenOutStep,",
            "    x: Tensor) -> Tensor:",
            "    return x",
            // The inputs of every layer of one network, then its (linear) output.
            "  def mlp(self: __torch__.WrittenOutStep,",
            "    x: Tensor,",
            "    params: List[Tensor],",
            "    first: int,",
            "    layers: int) -> List[Tensor]:",
            "    acts = [x]",
            "    h = x",
            "    for j in range(layers):",
            "      y = torch.addmm(params[first + 2 * j + 1], h, torch.t(params[first + 2 * j]))",
            "      if j < layers - 1:",
            "        y = torch.tanh(y)",
            "      acts.append(y)",
            "      h = y",
            "    return acts",
            // Writes the network's gradients; returns dL/d input when asked (else dout).
            "  def mlp_backward(self: __torch__.WrittenOutStep,",
            "    acts: List[Tensor],",
            "    params: List[Tensor],",
            "    grads: List[Tensor],",
            "    first: int,",
            "    layers: int,",
            "    dout: Tensor,",
            "    input_grad: bool) -> Tensor:",
            "    d = dout",
            "    dx = dout",
            "    for i in range(layers):",
            "      j = layers - 1 - i",
            "      inp = acts[j]",
            "      torch.mm(torch.t(d), inp, out=grads[first + 2 * j])",
            "      torch.sum(d, [0], False, dtype=None, out=grads[first + 2 * j + 1])",
            "      if j > 0:",
            "        d = torch.tanh_backward(torch.mm(d, params[first + 2 * j]), inp)",
            "      elif input_grad:",
            "        dx = torch.mm(d, params[first + 2 * j])",
            "    return dx",
            // The mean bound over the minibatch; the gradient of the negative mean bound into grads.
            "  def gradients(self: __torch__.WrittenOutStep,",
            "    params: List[Tensor],",
            "    grads: List[Tensor],",
            "    x: Tensor,",
            "    latent: List[int],",
            "    constants: List[float],",
            "    hidden_layers: int,",
            "    k: int,",
            "    iwae: bool,",
            "    log_k: float) -> Tensor:",
            "    depth = len(latent)",
            "    layers = hidden_layers + 1",
            "    per = 2 * layers",
            "    batch = x.size(0)",
            "    n = k * batch",
            "    q_acts = annotate(List[List[Tensor]], [])",
            "    spread = annotate(List[Tensor], [])",
            "    samples = annotate(List[Tensor], [])",
            "    inp = x",
            "    log_q = torch.zeros([k, batch])",
            "    for l in range(depth):",
            "      d = latent[l]",
            "      acts = self.mlp(inp, params, l * per, layers)",
            "      out = acts[layers]",
            "      mu = torch.narrow(out, 1, 0, d)",
            "      ls = torch.narrow(out, 1, d, d)",
            "      eps = torch.randn([k, batch, d])",
            "      if l == 0:",
            "        se = torch.mul(eps, torch.exp(ls))",
            "        h = torch.reshape(torch.add(se, mu), [n, d])",
            "        se = torch.reshape(se, [n, d])",
            "        log_det = torch.sum(ls, [-1])",
            "      else:",
            "        eps = torch.reshape(eps, [n, d])",
            "        se = torch.mul(eps, torch.exp(ls))",
            "        h = torch.add(se, mu)",
            "        log_det = torch.reshape(torch.sum(ls, [-1]), [k, batch])",
            "      quadratic = torch.mul(torch.reshape(torch.sum(torch.mul(eps, eps), [-1]), [k, batch]), -0.5)",
            "      term = torch.sub(torch.sub(quadratic, log_det), constants[l])",
            "      log_q = term if l == 0 else torch.add(log_q, term)",
            "      q_acts.append(acts)",
            "      spread.append(se)",
            "      samples.append(h)",
            "      inp = h",
            "    top = samples[depth - 1]",
            "    log_p = torch.sub(torch.mul(torch.reshape(torch.sum(torch.mul(top, top), [-1]), [k, batch]), -0.5),"
                    + " constants[depth - 1])",
            "    p_acts = annotate(List[List[Tensor]], [])",
            "    standardized = annotate(List[Tensor], [])",
            "    inverse_sigma = annotate(List[Tensor], [])",
            "    for l in range(depth - 1):",
            "      d = latent[l]",
            "      acts = self.mlp(samples[l + 1], params, (depth + l) * per, layers)",
            "      out = acts[layers]",
            "      lp = torch.narrow(out, 1, d, d)",
            "      inv = torch.exp(torch.neg(lp))",
            "      u = torch.mul(torch.sub(samples[l], torch.narrow(out, 1, 0, d)), inv)",
            "      quadratic = torch.mul(torch.reshape(torch.sum(torch.mul(u, u), [-1]), [k, batch]), -0.5)",
            "      log_det = torch.reshape(torch.sum(lp, [-1]), [k, batch])",
            "      log_p = torch.add(log_p, torch.sub(torch.sub(quadratic, log_det), constants[l]))",
            "      p_acts.append(acts)",
            "      standardized.append(u)",
            "      inverse_sigma.append(inv)",
            "    x_acts = self.mlp(samples[0], params, (2 * depth - 1) * per, layers)",
            "    dim = x.size(1)",
            "    signs = torch.add(torch.mul(x, -2.0), 1.0)",
            "    z = torch.mul(torch.reshape(x_acts[layers], [k, batch, dim]), signs)",
            "    log_likelihood = torch.neg(torch.sum(torch.softplus(z, 1.0, 20.0), [-1]))",
            "    log_w = torch.sub(torch.add(log_likelihood, log_p), log_q)",
            "    if iwae:",
            "      bound = torch.mean(torch.sub(torch.logsumexp(log_w, [0]), log_k))",
            "      a = torch.mul(torch.softmax(log_w, 0), 1.0 / batch)",
            "    else:",
            "      bound = torch.mean(torch.mean(log_w, [0]))",
            "      a = torch.mul(torch.ones_like(log_w), 1.0 / n)",
            "    if not bool(torch.isfinite(bound)):",
            "      return bound",
            "    a_rows = torch.reshape(a, [n, 1])",
            "    dz = torch.softplus_backward(torch.mul(torch.unsqueeze(a, -1), signs), z, 1.0, 20.0)",
            "    dh = annotate(List[Tensor], [])",
            "    dh.append(self.mlp_backward(x_acts, params, grads, (2 * depth - 1) * per, layers,"
                    + " torch.reshape(dz, [n, dim]), True))",
            "    for l in range(1, depth):",
            "      dh.append(torch.zeros_like(samples[l]))",
            "    dh[depth - 1] = torch.add(dh[depth - 1], torch.mul(a_rows, top))",
            "    for l in range(depth - 1):",
            "      u = standardized[l]",
            "      weighted = torch.mul(torch.mul(u, inverse_sigma[l]), a_rows)",
            "      dh[l] = torch.add(dh[l], weighted)",
            "      dlp = torch.sub(a_rows, torch.mul(torch.mul(u, u), a_rows))",
            "      dout = torch.cat([torch.neg(weighted), dlp], 1)",
            "      dh[l + 1] = torch.add(dh[l + 1], self.mlp_backward(p_acts[l], params, grads, (depth + l) * per,"
                    + " layers, dout, True))",
            "    for i in range(depth):",
            "      l = depth - 1 - i",
            "      d = latent[l]",
            "      if l > 0:",
            "        dls = torch.sub(torch.mul(dh[l], spread[l]), a_rows)",
            "        dout = torch.cat([dh[l], dls], 1)",
            "        dh[l - 1] = torch.add(dh[l - 1], self.mlp_backward(q_acts[l], params, grads, l * per, layers,"
                    + " dout, True))",
            "      else:",
            "        dh3 = torch.reshape(dh[0], [k, batch, d])",
            "        dmu = torch.sum(dh3, [0])",
            "        dls = torch.sub(torch.sum(torch.mul(dh3, torch.reshape(spread[0], [k, batch, d])), [0]),"
                    + " torch.sum(a, [0], True).t())",
            "        self.mlp_backward(q_acts[0], params, grads, 0, layers, torch.cat([dmu, dls], 1), False)",
            "    return bound",
            // One step: io holds [rows, learning rate, -, bound (out), applied (out)].
            "  def step(self: __torch__.WrittenOutStep,",
            "    params: List[Tensor],",
            "    grads: List[Tensor],",
            "    x: Tensor,",
            "    latent: List[int],",
            "    constants: List[float],",
            "    hidden_layers: int,",
            "    k: int,",
            "    iwae: bool,",
            "    log_k: float,",
            "    flat_params: List[Tensor],",
            "    flat_grads: List[Tensor],",
            "    means: List[Tensor],",
            "    variances: List[Tensor],",
            "    steps: List[Tensor],",
            "    io: Tensor,",
            "    beta1: float,",
            "    beta2: float,",
            "    eps: float) -> int:",
            "    rows = int(io[0].item())",
            "    bound = self.gradients(params, grads, torch.narrow(x, 0, 0, rows), latent, constants, hidden_layers, k,"
                    + " iwae, log_k)",
            "    io[3] = bound",
            "    applied = 0",
            "    if bool(torch.isfinite(bound)):",
            "      if bool(torch.isfinite(torch.sum(flat_grads[0]))):",
            "        torch._fused_adam_(flat_params, flat_grads, means, variances, annotate(List[Tensor], []), steps,"
                    + " lr=float(io[1].item()), beta1=beta1, beta2=beta2, weight_decay=0., eps=eps, amsgrad=False,"
                    + " maximize=False)",
            "        applied = 1",
            "    io[4] = float(applied)",
            "    return applied",
            "");
}

"""The model side of IWR-Bench: what crosses the wire, and both ends of it.

- ``types``: Bundle, Generation, ModelError, the records shared with the evaluator.
- ``limits``: what a server accepts, checked by client and server alike.
- ``wire``: bundles to and from the Generate stream (docs/PROTOCOL.md).
- ``grpc_client``: GrpcModelClient, the evaluator's way to call a model.
- ``server``: serve any Model over gRPC with a health service.
- ``baselines``: the oracle, blank and last-frame reference models.

Nothing here imports ``evaluator`` or ``sandbox``: a model server needs neither.
"""

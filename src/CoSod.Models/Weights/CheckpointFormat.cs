namespace CoSod.Models.Weights;

/// <summary>How a weights file is stored. <see cref="CheckpointReader"/> tells them apart by their first bytes.</summary>
public enum CheckpointFormat
{
    /// <summary><c>torch.save</c> since PyTorch 1.6: a zip archive of <c>data.pkl</c> plus one record per storage.</summary>
    TorchZip,

    /// <summary><c>torch.save(..., _use_new_zipfile_serialization=False)</c> and every file from before 1.6:
    /// consecutive pickles followed by the raw storages.</summary>
    TorchLegacy,

    /// <summary>The format this suite writes (<see cref="CheckpointWriter"/>): a JSON header and raw little-endian
    /// tensor bytes, as specified by huggingface/safetensors.</summary>
    SafeTensors,
}

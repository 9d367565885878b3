namespace CoSod.Models.Networks;

/// <summary>The three networks this suite runs.</summary>
public enum ModelKind
{
    /// <summary>GCoNet+ (TPAMI 2023), VGG16-BN at 256².</summary>
    GCoNetPlus,

    /// <summary>GCoNet (CVPR 2021), VGG16 at 224².</summary>
    GCoNet,

    /// <summary>GICD (ECCV 2020), VGG16 at 224², with a separate ImageNet VGG16 co-classifier.</summary>
    Gicd,
}

"""The raw material of the deterministic seed: categories, shops, products and their variants.

Kept as plain data so that the generator in `seeding.py` stays short. Prices are fen.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Variant:
    """One SKU option: attribute values and what it adds to the base price."""

    attributes: dict[str, str]
    price_delta_fen: int = 0


@dataclass(frozen=True)
class Product:
    title: str
    title_zh: str
    price_fen: int
    aliases: tuple[str, ...] = ()
    shop: int | None = None  # an index into SHOPS; None draws one of the category's shops
    options: tuple[tuple[str, str], ...] = ()  # (option group, this item's default value)


@dataclass(frozen=True)
class OptionValue:
    value: str
    label_zh: str
    price_delta_fen: int = 0


@dataclass(frozen=True)
class OptionGroup:
    """A made-to-order choice (CONTRACTS section 7). A value's delta is charged over the
    item's default value of the group, never below it: fewer shots than the default cost the
    same, a third shot on a double costs what the third shot costs."""

    name: str
    label: str
    label_zh: str
    values: tuple[OptionValue, ...]


@dataclass(frozen=True)
class CategorySpec:
    slug: str
    name: str
    name_zh: str
    variants: tuple[Variant, ...]  # the first one is the default SKU
    canonical: tuple[Product, ...]  # the spoken names of CONTRACTS section 2, seeded first
    products: tuple[Product, ...]  # bases for generated items
    modifiers: tuple[tuple[str, str], ...]  # (English, Chinese) prefixes for generated items
    shops: tuple[int, ...] = field(default=())  # indexes into SHOPS
    options: tuple[tuple[str, str], ...] = ()  # groups every item of the category offers


def _sizes(*deltas: int, key: str = "size", names: tuple[str, ...] = ()) -> tuple[Variant, ...]:
    names = names or ("medium", "small", "large")
    return tuple(Variant({key: n}, d) for n, d in zip(names, deltas, strict=True))


# The size is the SKU (stock and price per cup size); everything else is made to order.
COFFEE_VARIANTS = _sizes(0, -300, 400, 700, names=("medium", "small", "large", "extra large"))

OPTION_GROUPS: tuple[OptionGroup, ...] = (
    OptionGroup(
        "roast",
        "Roast",
        "烘焙度",
        (OptionValue("light", "浅烘"), OptionValue("medium", "中烘"), OptionValue("dark", "深烘")),
    ),
    OptionGroup(
        "shots",
        "Shots",
        "浓缩份数",
        (
            OptionValue("single", "单份"),
            OptionValue("double", "双份", 400),
            OptionValue("triple", "三份", 800),
        ),
    ),
    OptionGroup(
        "milk",
        "Milk",
        "奶",
        (
            OptionValue("none", "不加奶"),
            OptionValue("whole", "全脂牛奶"),
            OptionValue("skim", "脱脂牛奶"),
            OptionValue("soy", "豆奶", 300),
            OptionValue("almond", "杏仁奶", 300),
            OptionValue("oat", "燕麦奶", 300),
            OptionValue("cream", "奶油", 200),
        ),
    ),
    OptionGroup(
        "milk_amount",
        "Milk amount",
        "奶量",
        (
            OptionValue("little", "少奶"),
            OptionValue("regular", "标准奶"),
            OptionValue("extra", "多奶", 100),
        ),
    ),
    OptionGroup(
        "sweetener",
        "Sweetener",
        "糖",
        (
            OptionValue("none", "不加糖"),
            OptionValue("sugar", "白砂糖"),
            OptionValue("brown sugar", "红糖", 100),
            OptionValue("sweetener", "代糖"),
        ),
    ),
    OptionGroup(
        "sweetener_amount",
        "Sweetness",
        "糖度",
        (
            OptionValue("little", "少糖"),
            OptionValue("regular", "标准糖"),
            OptionValue("extra", "多糖"),
        ),
    ),
)


def _coffee(shots: str, milk: str, roast: str = "medium") -> tuple[tuple[str, str], ...]:
    """A drink's defaults for every option group, in the order of OPTION_GROUPS."""
    return (
        ("roast", roast),
        ("shots", shots),
        ("milk", milk),
        ("milk_amount", "regular"),
        ("sweetener", "none"),
        ("sweetener_amount", "regular"),
    )


COFFEE_SHOP = 0  # Riverside Coffee Roasters sells the whole menu of CONTRACTS section 7
BREWED, BLACK, WHITE = (
    _coffee("single", "none"),
    _coffee("double", "none"),
    _coffee("double", "whole"),
)

SHOPS: tuple[tuple[str, str, str, str, float, float], ...] = (
    ("Riverside Coffee Roasters", "河畔咖啡烘焙坊", "Shanghai", "88 Huaihai Rd", 31.2196, 121.4680),
    ("Golden Crust Bakery", "金色面包坊", "Shanghai", "12 Nanjing W Rd", 31.2304, 121.4550),
    ("FreshMart Express", "鲜集便利", "Shanghai", "301 Century Ave", 31.2335, 121.5276),
    ("Tea Garden House", "茶园小馆", "Hangzhou", "5 Longjing Rd", 30.2333, 120.1300),
    ("Bloom and Petal Florist", "花语花店", "Shanghai", "66 Xinle Rd", 31.2176, 121.4510),
    ("GadgetGo Digital", "极速数码", "Shenzhen", "1 Huaqiang N Rd", 22.5470, 114.0860),
    ("AutoParts Plus", "车品汇", "Shanghai", "900 Caoan Hwy", 31.2800, 121.3700),
    ("Sparkle Auto Spa", "闪亮汽车美容", "Shanghai", "45 Hongqiao Rd", 31.1960, 121.4200),
    ("VoltUp Charging Hub", "伏特充电站", "Shanghai", "2 Expo Ave", 31.1860, 121.4900),
    ("Corner Snack Shop", "街角零食铺", "Hangzhou", "77 Wulin Rd", 30.2740, 120.1600),
    ("Motorway Service Centre", "高速服务中心", "Suzhou", "G2 Exit 31", 31.3000, 120.6000),
)

CATEGORIES: tuple[CategorySpec, ...] = (
    CategorySpec(
        "coffee-tea",
        "Coffee and tea",
        "咖啡茶饮",
        COFFEE_VARIANTS,
        canonical=(
            Product(
                "Latte", "拿铁", 2800, ("latte", "caffe latte", "cafe latte"), COFFEE_SHOP, WHITE
            ),
            Product(
                "Americano", "美式咖啡", 2200, ("americano", "black coffee"), COFFEE_SHOP, BLACK
            ),
            Product("Flat White", "澳白", 3000, ("flat white",), COFFEE_SHOP, WHITE),
            Product("Cappuccino", "卡布奇诺", 2800, ("cappuccino",), COFFEE_SHOP, WHITE),
            Product("Green Tea", "绿茶", 1800, ("green tea", "jasmine green tea")),
            Product(
                "House Coffee", "招牌咖啡", 1800, ("coffee", "house coffee"), COFFEE_SHOP, BREWED
            ),
            Product(
                "Drip Coffee",
                "滴滤咖啡",
                2000,
                ("drip coffee", "brewed coffee"),
                COFFEE_SHOP,
                BREWED,
            ),
            Product("Iced Coffee", "冰咖啡", 2200, ("iced coffee",), COFFEE_SHOP, BREWED),
            Product(
                "Espresso",
                "意式浓缩",
                2000,
                ("espresso",),
                COFFEE_SHOP,
                _coffee("double", "none", "dark"),
            ),
            Product("Mocha", "摩卡", 3000, ("mocha", "cafe mocha"), COFFEE_SHOP, WHITE),
            Product("Iced Mocha", "冰摩卡", 3200, ("iced mocha",), COFFEE_SHOP, WHITE),
        ),
        products=(
            Product("Latte", "拿铁", 2800),
            Product("Americano", "美式咖啡", 2200),
            Product("Mocha", "摩卡", 3000),
            Product("Cold Brew", "冷萃咖啡", 3200),
            Product("Milk Tea", "奶茶", 1600),
            Product("Oolong Tea", "乌龙茶", 1800),
            Product("Matcha Latte", "抹茶拿铁", 3000),
            Product("Espresso", "意式浓缩", 2000),
        ),
        modifiers=(
            ("Vanilla", "香草"),
            ("Caramel", "焦糖"),
            ("Hazelnut", "榛果"),
            ("Iced", "冰"),
            ("Coconut", "生椰"),
            ("Honey", "蜂蜜"),
            ("Osmanthus", "桂花"),
            ("Brown Sugar", "黑糖"),
        ),
        shops=(0, 3, 10),
        options=(("sweetener", "none"), ("sweetener_amount", "regular")),
    ),
    CategorySpec(
        "bakery",
        "Bakery",
        "烘焙",
        (Variant({"size": "regular"}), Variant({"size": "box of 4"}, 2400)),
        canonical=(
            Product("Croissant", "牛角包", 1200, ("croissant", "butter croissant")),
            Product("Blueberry Muffin", "蓝莓玛芬", 1400, ("blueberry muffin", "muffin")),
            Product("Sandwich", "三明治", 2200, ("sandwich", "club sandwich")),
        ),
        products=(
            Product("Bagel", "贝果", 1000),
            Product("Danish", "丹麦酥", 1300),
            Product("Cheesecake", "芝士蛋糕", 2600),
            Product("Egg Tart", "蛋挞", 800),
            Product("Baguette", "法棍", 1500),
            Product("Wrap", "卷饼", 1900),
        ),
        modifiers=(
            ("Almond", "杏仁"),
            ("Chocolate", "巧克力"),
            ("Ham and Cheese", "火腿芝士"),
            ("Whole Wheat", "全麦"),
            ("Matcha", "抹茶"),
            ("Cinnamon", "肉桂"),
            ("Tuna", "金枪鱼"),
        ),
        shops=(1, 2, 10),
    ),
    CategorySpec(
        "snacks",
        "Snacks",
        "零食",
        _sizes(0, 0, 200, key="flavour", names=("original", "spicy", "seaweed")),
        canonical=(),
        products=(
            Product("Potato Chips", "薯片", 900),
            Product("Mixed Nuts", "混合坚果", 2500),
            Product("Beef Jerky", "牛肉干", 3500),
            Product("Rice Crackers", "米饼", 800),
            Product("Dried Mango", "芒果干", 1500),
            Product("Protein Bar", "蛋白棒", 1200),
        ),
        modifiers=(
            ("Crunchy", "脆"),
            ("Family Size", "家庭装"),
            ("Sichuan", "四川"),
            ("Organic", "有机"),
            ("Roasted", "烘烤"),
            ("Lightly Salted", "淡盐"),
        ),
        shops=(2, 9, 10),
    ),
    CategorySpec(
        "groceries",
        "Groceries",
        "生鲜杂货",
        _sizes(0, 900, key="weight", names=("500 g", "1 kg")),
        canonical=(),
        products=(
            Product("Apples", "苹果", 1500),
            Product("Bananas", "香蕉", 900),
            Product("Jasmine Rice", "茉莉香米", 2400),
            Product("Eggs", "鸡蛋", 1800),
            Product("Tofu", "豆腐", 600),
            Product("Strawberries", "草莓", 3900),
        ),
        modifiers=(
            ("Fresh", "新鲜"),
            ("Organic", "有机"),
            ("Free Range", "散养"),
            ("Local", "本地"),
            ("Premium", "精品"),
        ),
        shops=(2,),
    ),
    CategorySpec(
        "drinks",
        "Drinks",
        "饮料",
        (
            Variant({"volume": "500 ml", "pack": "single"}),
            Variant({"volume": "500 ml", "pack": "6-pack"}, 1500),
            Variant({"volume": "1.5 l", "pack": "single"}, 400),
        ),
        canonical=(
            Product("Bottled Water", "瓶装水", 300, ("bottled water", "water", "mineral water")),
            Product("Orange Juice", "橙汁", 1200, ("orange juice", "juice")),
        ),
        products=(
            Product("Sparkling Water", "气泡水", 500),
            Product("Cola", "可乐", 400),
            Product("Iced Tea", "冰红茶", 400),
            Product("Coconut Water", "椰子水", 900),
            Product("Energy Drink", "能量饮料", 700),
            Product("Soy Milk", "豆奶", 500),
        ),
        modifiers=(
            ("Sugar Free", "无糖"),
            ("Lemon", "柠檬"),
            ("Peach", "蜜桃"),
            ("Chilled", "冰镇"),
            ("Sparkling", "气泡"),
        ),
        shops=(2, 9, 10),
    ),
    CategorySpec(
        "flowers-gifts",
        "Flowers and gifts",
        "鲜花礼品",
        _sizes(0, 9000, key="bunch", names=("11 stems", "33 stems")),
        canonical=(
            Product("Roses", "玫瑰花束", 19900, ("roses", "red roses", "bouquet of roses")),
        ),
        products=(
            Product("Tulips", "郁金香", 15900),
            Product("Sunflowers", "向日葵", 12900),
            Product("Lilies", "百合", 16900),
            Product("Gift Box", "礼盒", 9900),
            Product("Chocolate Box", "巧克力礼盒", 12800),
        ),
        modifiers=(
            ("Red", "红色"),
            ("Pink", "粉色"),
            ("White", "白色"),
            ("Birthday", "生日"),
            ("Anniversary", "纪念日"),
            ("Mixed", "混搭"),
        ),
        shops=(4,),
    ),
    CategorySpec(
        "electronics",
        "Phone and electronics",
        "手机数码",
        _sizes(0, 0, key="colour", names=("black", "white")),
        canonical=(
            Product(
                "Phone Charger", "手机充电器", 8900, ("phone charger", "charger", "usb charger")
            ),
        ),
        products=(
            Product("Charging Cable", "充电线", 3900),
            Product("Power Bank", "充电宝", 12900),
            Product("Wireless Earbuds", "无线耳机", 29900),
            Product("Phone Case", "手机壳", 4900),
            Product("Dash Cam", "行车记录仪", 39900),
        ),
        modifiers=(
            ("USB C", "USB-C"),
            ("Fast", "快充"),
            ("Wireless", "无线"),
            ("Compact", "迷你"),
            ("Braided", "编织"),
            ("65 Watt", "65瓦"),
        ),
        shops=(5,),
    ),
    CategorySpec(
        "car-care",
        "Car care",
        "汽车养护",
        _sizes(0, 2500, key="volume", names=("2 l", "4 l")),
        canonical=(
            Product(
                "Windshield Washer Fluid",
                "玻璃水",
                2500,
                ("windshield washer fluid", "washer fluid", "windscreen washer fluid"),
            ),
        ),
        products=(
            Product("Engine Oil", "机油", 29900),
            Product("Coolant", "防冻液", 6900),
            Product("Tyre Shine", "轮胎光亮剂", 3900),
            Product("Car Shampoo", "洗车液", 3500),
            Product("Glass Cleaner", "玻璃清洁剂", 2900),
        ),
        modifiers=(
            ("Winter", "冬季"),
            ("Synthetic", "全合成"),
            ("Eco", "环保"),
            ("Quick Dry", "速干"),
            ("Long Life", "长效"),
        ),
        shops=(6, 10),
    ),
    CategorySpec(
        "car-accessories",
        "Car accessories",
        "汽车用品",
        _sizes(0, 0, key="colour", names=("black", "grey")),
        canonical=(Product("Latte Art Travel Mug", "拿铁随行杯", 5900, ("travel mug",)),),
        products=(
            Product("Phone Holder", "手机支架", 4900),
            Product("Seat Cushion", "座椅坐垫", 9900),
            Product("Sun Shade", "遮阳挡", 3900),
            Product("Floor Mats", "脚垫", 19900),
            Product("Trunk Organizer", "后备箱收纳箱", 7900),
            Product("Air Freshener", "车载香薰", 2900),
        ),
        modifiers=(
            ("Magnetic", "磁吸"),
            ("Leather", "皮革"),
            ("Foldable", "折叠"),
            ("Premium", "高级"),
            ("All Weather", "全天候"),
        ),
        shops=(6,),
    ),
    CategorySpec(
        "ev-fuel",
        "EV charging and fuel",
        "充电加油",
        _sizes(0, 3000, 6000, key="energy", names=("20 kWh", "40 kWh", "60 kWh")),
        canonical=(
            Product(
                "EV Charging Session",
                "电动车充电",
                3000,
                ("ev charging session", "ev charging", "charging session", "charge the car"),
            ),
        ),
        products=(
            Product("Fast Charging Session", "快充", 4000),
            Product("Fuel Voucher", "加油券", 20000),
            Product("Battery Check", "电池检测", 5000),
        ),
        modifiers=(("Night", "夜间"), ("Weekend", "周末"), ("Highway", "高速"), ("Super", "超级")),
        shops=(8, 10),
    ),
    CategorySpec(
        "vehicle-services",
        "Vehicle services",
        "车辆服务",
        _sizes(0, 5000, key="package", names=("basic", "premium")),
        canonical=(
            Product("Car Wash", "洗车", 4900, ("car wash", "wash my car", "wash")),
            Product("Maintenance Booking", "保养预约", 39900, ("maintenance", "service booking")),
        ),
        products=(
            Product("Interior Cleaning", "内饰清洁", 12900),
            Product("Tyre Rotation", "轮胎换位", 9900),
            Product("Wheel Alignment", "四轮定位", 19900),
            Product("Detailing", "精洗", 29900),
            Product("Waxing", "打蜡", 15900),
        ),
        modifiers=(
            ("Express", "快速"),
            ("Deluxe", "豪华"),
            ("Mobile", "上门"),
            ("Eco", "环保"),
            ("Weekend", "周末"),
        ),
        shops=(7, 10),
    ),
)

# (kind, title, threshold_fen, save_fen, category slug, percent)
PROMOTIONS: tuple[tuple[str, str, int, int, str | None, int], ...] = (
    ("spend_save", "Spend ¥100, save ¥15", 10000, 1500, None, 0),
    ("spend_save", "Spend ¥200, save ¥40", 20000, 4000, None, 0),
    ("category_percent", "10% off bakery", 0, 0, "bakery", 10),
    ("category_percent", "20% off flowers and gifts", 0, 0, "flowers-gifts", 20),
)

# (vin, model, secret, ((profile, pin, spending limit fen),...))
DEMO_VEHICLES: tuple[tuple[str, str, str, tuple[tuple[str, str | None, int | None], ...]], ...] = (
    (
        "LVSHFFAL0PF000001",
        "Aurora EV Sedan",
        "demo-secret",
        (("driver", "1234", 20000), ("passenger", None, None)),
    ),
    ("LVSHFFAL0PF000002", "Aurora EV SUV", "demo-secret-2", (("driver", "4321", 30000),)),
)

PAYMENT_METHODS = (
    {"id": "alipay", "label": "Alipay"},
    {"id": "wechat-pay", "label": "WeChat Pay"},
    {"id": "card-4242", "label": "Visa ending 4242"},
)

DEFAULT_ITEMS = 300

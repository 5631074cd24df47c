/**
 * Vocabulary of the synthetic marketplace generator: categories with their price level,
 * brands and item words in Japanese and English, and the phrase pools each class draws
 * from. Plain data, kept apart from the sampling logic in ./marketplace.ts.
 */

export interface Brand {
  ja: string;
  en: string;
}

export interface CategoryDef {
  name: string;
  /** Relative frequency among ok listings. */
  weight: number;
  /** Median price in yen and the sigma of log(price). */
  medianPrice: number;
  sigma: number;
  brands: Brand[];
  itemsJa: string[];
  itemsEn: string[];
  sizes: string[];
}

export const CATEGORIES: CategoryDef[] = [
  {
    name: 'electronics',
    weight: 14,
    medianPrice: 28000,
    sigma: 0.8,
    brands: [
      { ja: 'アップル', en: 'Apple' },
      { ja: 'ソニー', en: 'Sony' },
      { ja: '任天堂', en: 'Nintendo' },
      { ja: 'パナソニック', en: 'Panasonic' },
      { ja: 'キヤノン', en: 'Canon' },
      { ja: 'サムスン', en: 'Samsung' },
      { ja: 'ボーズ', en: 'Bose' },
    ],
    itemsJa: ['iPhone 13', 'iPad Air', 'ワイヤレスイヤホン', 'ノイズキャンセリングヘッドホン', 'ゲーム機本体', 'ミラーレスカメラ', 'デジタルカメラ', 'スマートウォッチ', 'ノートパソコン', 'タブレット', 'Bluetoothスピーカー'],
    itemsEn: ['iPhone 13', 'iPad Air', 'wireless earbuds', 'noise cancelling headphones', 'game console', 'mirrorless camera', 'digital camera', 'smartwatch', 'laptop', 'tablet', 'bluetooth speaker'],
    sizes: ['64GB', '128GB', '256GB', '512GB', ''],
  },
  {
    name: 'fashion',
    weight: 20,
    medianPrice: 3500,
    sigma: 0.7,
    brands: [
      { ja: 'ユニクロ', en: 'Uniqlo' },
      { ja: 'ナイキ', en: 'Nike' },
      { ja: 'アディダス', en: 'Adidas' },
      { ja: 'ザラ', en: 'Zara' },
      { ja: 'ノースフェイス', en: 'The North Face' },
      { ja: 'ビームス', en: 'Beams' },
      { ja: 'ニューバランス', en: 'New Balance' },
    ],
    itemsJa: ['スニーカー', 'ダウンジャケット', 'パーカー', 'Tシャツ', 'ワンピース', 'デニムパンツ', 'スカート', 'コート', 'ニット', 'ブーツ'],
    itemsEn: ['sneakers', 'down jacket', 'hoodie', 't-shirt', 'dress', 'jeans', 'skirt', 'coat', 'knit sweater', 'boots'],
    sizes: ['S', 'M', 'L', 'XL', '26cm', '27cm', '28cm', 'US 9', 'フリーサイズ', ''],
  },
  {
    name: 'bags',
    weight: 8,
    medianPrice: 18000,
    sigma: 0.9,
    brands: [
      { ja: 'ルイヴィトン', en: 'Louis Vuitton' },
      { ja: 'シャネル', en: 'Chanel' },
      { ja: 'グッチ', en: 'Gucci' },
      { ja: 'プラダ', en: 'Prada' },
      { ja: 'コーチ', en: 'Coach' },
      { ja: 'ポーター', en: 'Porter' },
    ],
    itemsJa: ['ショルダーバッグ', 'トートバッグ', '長財布', '二つ折り財布', 'リュック', 'ハンドバッグ', 'キーケース', 'ボストンバッグ'],
    itemsEn: ['shoulder bag', 'tote bag', 'long wallet', 'bifold wallet', 'backpack', 'handbag', 'key case', 'duffel bag'],
    sizes: [''],
  },
  {
    name: 'watches',
    weight: 5,
    medianPrice: 45000,
    sigma: 1.0,
    brands: [
      { ja: 'ロレックス', en: 'Rolex' },
      { ja: 'オメガ', en: 'Omega' },
      { ja: 'セイコー', en: 'Seiko' },
      { ja: 'カシオ', en: 'Casio' },
      { ja: 'シチズン', en: 'Citizen' },
      { ja: 'タグホイヤー', en: 'TAG Heuer' },
    ],
    itemsJa: ['腕時計', '自動巻き時計', 'クロノグラフ', 'ダイバーズウォッチ', 'ソーラー電波時計', 'Gショック'],
    itemsEn: ['watch', 'automatic watch', 'chronograph', 'dive watch', 'solar radio watch', 'G-Shock'],
    sizes: ['40mm', '42mm', '36mm', ''],
  },
  {
    name: 'cosmetics',
    weight: 10,
    medianPrice: 2500,
    sigma: 0.6,
    brands: [
      { ja: '資生堂', en: 'Shiseido' },
      { ja: 'SK-II', en: 'SK-II' },
      { ja: 'ディオール', en: 'Dior' },
      { ja: 'ランコム', en: 'Lancome' },
      { ja: 'ロクシタン', en: "L'Occitane" },
    ],
    itemsJa: ['化粧水', '美容液', 'ファンデーション', '口紅', '香水', 'アイシャドウ', '日焼け止め', 'ハンドクリーム'],
    itemsEn: ['toner', 'serum', 'foundation', 'lipstick', 'perfume', 'eyeshadow palette', 'sunscreen', 'hand cream'],
    sizes: ['30ml', '50ml', '100ml', ''],
  },
  {
    name: 'hobby',
    weight: 14,
    medianPrice: 4000,
    sigma: 0.9,
    brands: [
      { ja: 'バンダイ', en: 'Bandai' },
      { ja: 'タカラトミー', en: 'Takara Tomy' },
      { ja: 'レゴ', en: 'LEGO' },
      { ja: 'ポケモン', en: 'Pokemon' },
      { ja: '東京マルイ', en: 'Tokyo Marui' },
    ],
    itemsJa: ['ガンプラ', 'フィギュア', 'トレーディングカード', 'プラモデル', 'ぬいぐるみ', 'ミニカー', 'ボードゲーム', 'レゴセット'],
    itemsEn: ['gunpla kit', 'figure', 'trading cards', 'model kit', 'plush toy', 'die-cast car', 'board game', 'LEGO set'],
    sizes: ['1/144', '1/100', '未開封', ''],
  },
  {
    name: 'books',
    weight: 12,
    medianPrice: 900,
    sigma: 0.6,
    brands: [
      { ja: '集英社', en: 'Shueisha' },
      { ja: '講談社', en: 'Kodansha' },
      { ja: '小学館', en: 'Shogakukan' },
      { ja: 'オライリー', en: "O'Reilly" },
    ],
    itemsJa: ['漫画全巻セット', '文庫本', '参考書', '写真集', '雑誌', '絵本', '技術書'],
    itemsEn: ['manga complete set', 'paperback', 'textbook', 'photo book', 'magazine', "children's book", 'programming book'],
    sizes: ['1-20巻', '全10巻', ''],
  },
  {
    name: 'home',
    weight: 10,
    medianPrice: 5000,
    sigma: 0.8,
    brands: [
      { ja: '無印良品', en: 'Muji' },
      { ja: 'ニトリ', en: 'Nitori' },
      { ja: 'ダイソン', en: 'Dyson' },
      { ja: 'バルミューダ', en: 'Balmuda' },
      { ja: 'ル・クルーゼ', en: 'Le Creuset' },
    ],
    itemsJa: ['掃除機', 'トースター', '電気ケトル', '収納ボックス', '食器セット', '鍋', '加湿器', 'デスクライト'],
    itemsEn: ['vacuum cleaner', 'toaster', 'electric kettle', 'storage box', 'dish set', 'cast iron pot', 'humidifier', 'desk lamp'],
    sizes: [''],
  },
  {
    name: 'tickets',
    weight: 3,
    medianPrice: 12000,
    sigma: 0.6,
    brands: [
      { ja: 'ディズニー', en: 'Disney' },
      { ja: 'USJ', en: 'USJ' },
      { ja: 'ジャニーズ', en: 'J-pop' },
      { ja: 'フジロック', en: 'Fuji Rock' },
    ],
    itemsJa: ['チケット', 'ペアチケット', 'ライブチケット', '入場券', '年間パス'],
    itemsEn: ['ticket', 'pair tickets', 'concert ticket', 'admission ticket', 'annual pass'],
    sizes: [''],
  },
  {
    name: 'sports',
    weight: 4,
    medianPrice: 6000,
    sigma: 0.8,
    brands: [
      { ja: 'ミズノ', en: 'Mizuno' },
      { ja: 'ヨネックス', en: 'Yonex' },
      { ja: 'キャロウェイ', en: 'Callaway' },
      { ja: 'アシックス', en: 'Asics' },
    ],
    itemsJa: ['ゴルフクラブ', 'テニスラケット', 'ランニングシューズ', 'ヨガマット', 'グローブ', 'ダンベル'],
    itemsEn: ['golf club', 'tennis racket', 'running shoes', 'yoga mat', 'baseball glove', 'dumbbells'],
    sizes: ['M', 'L', '27cm', ''],
  },
];

/** Categories that fraud and prohibited listings over-use (by name), with extra weight. */
export const FRAUD_CATEGORY_BOOST: Record<string, number> = { electronics: 4, watches: 5, bags: 4, tickets: 6 };
export const PROHIBITED_CATEGORY_BOOST: Record<string, number> = { bags: 5, watches: 3, fashion: 2, hobby: 2, cosmetics: 2 };
export const SPAM_CATEGORY_BOOST: Record<string, number> = { cosmetics: 3, fashion: 2, electronics: 1.5 };

export const CONDITIONS_JA = ['美品', '新品', '中古', '新品未使用', '未開封', '目立った傷なし', 'ジャンク', '極美品'];
export const CONDITIONS_EN = ['like new', 'brand new', 'used', 'new with tags', 'sealed', 'good condition', 'for parts', 'mint'];

export const OK_SENTENCES_JA = [
  '数回使用しました。',
  '目立った傷や汚れはありません。',
  'ペットなし・喫煙者なしの家庭です。',
  '即購入OKです。',
  '値下げ交渉はご遠慮ください。',
  '質問はコメント欄からお願いします。',
  '自宅保管のため神経質な方はご遠慮ください。',
  '箱と付属品はすべて揃っています。',
  '購入時期は昨年の春頃です。',
  '丁寧に梱包して発送します。',
  '他サイトでも出品中のため早い者勝ちです。',
  'サイズが合わなくなったため出品します。',
  '写真でご確認ください。',
  '動作確認済みです。',
  '引越しのため出品します。',
  '2日以内に発送します。',
  'らくらく配送で匿名発送します。',
  '正規店で購入しました。',
  'レシートあります。',
  'プロフィールをご一読ください。',
];

export const OK_SENTENCES_EN = [
  'Used a few times.',
  'No visible scratches or stains.',
  'Smoke-free and pet-free home.',
  'Buy it now, no need to ask.',
  'Price is firm, no lowballs please.',
  'Ask questions in the comments.',
  'Stored at home, minor signs of wear.',
  'Comes with the original box and all accessories.',
  'Bought last spring.',
  'Carefully packed and shipped.',
  'Also listed elsewhere, first come first served.',
  'Selling because it no longer fits.',
  'Please check the photos.',
  'Tested and working.',
  'Moving out, must sell.',
  'Ships within 2 days.',
  'Anonymous shipping available.',
  'Purchased from an authorized retailer.',
  'Receipt included.',
  'Please read my profile before buying.',
];

export const FREE_SHIPPING_JA = '送料無料';
export const FREE_SHIPPING_EN = 'free shipping';

// ---- spam -----------------------------------------------------------------------------

export const SPAM_KEYWORDS_JA = ['激安', '大特価', '限定', '今だけ', 'セール', '在庫処分', '最安値', '人気', 'バズり', 'お得'];
export const SPAM_KEYWORDS_EN = ['CHEAP', 'SALE', 'HOT', 'DEAL', 'LIMITED', 'BEST', 'DISCOUNT', 'FREE', 'WOW', 'TRENDING'];
export const SPAM_SENTENCES_JA = [
  'フォローで100円引き！',
  'まとめ買いでさらにお得！！',
  '他にも多数出品中です！プロフィールから見てね！',
  '今だけの限定価格です！！！',
  '在庫ラスト1点！急いで！',
  'いいねした方に割引クーポンプレゼント',
  '副業で月10万円稼ぐ方法を教えます',
];
export const SPAM_SENTENCES_EN = [
  'FOLLOW ME FOR MORE DEALS!!!',
  'BUY MORE SAVE MORE!!!',
  'CHECK MY OTHER LISTINGS!!!',
  'LIMITED TIME ONLY, ACT NOW!!!',
  'LAST ONE IN STOCK, HURRY!!!',
  'Like this post to get a coupon',
  'Earn $3000 a week from home, ask me how',
];
export const SPAM_LINK_HOSTS = ['bit.ly', 'tinyurl.com', 'cheap-deals.example', 'sale-outlet.example', 'free-gift.example', 'shop-click.example'];

// ---- prohibited -----------------------------------------------------------------------

export const COUNTERFEIT_JA = ['コピー品', 'スーパーコピー', 'N級品', 'レプリカ', 'ノーブランド品（ロゴあり）', '偽物'];
export const COUNTERFEIT_EN = ['replica', 'super copy', 'AAA quality replica', 'mirror copy', '1:1 copy', 'inspired dupe with logo'];
export const WEAPONS_JA = ['改造エアガン', 'スタンガン', 'サバイバルナイフ', '特殊警棒', '催涙スプレー'];
export const WEAPONS_EN = ['modified airsoft gun', 'stun gun', 'switchblade knife', 'expandable baton', 'pepper spray'];
export const DRUGS_JA = ['睡眠薬', '大麻リキッド', '処方薬', '痩せ薬', '合法ハーブ'];
export const DRUGS_EN = ['sleeping pills', 'THC vape', 'prescription pills', 'diet pills', 'legal high herbs'];
export const PROHIBITED_SENTENCES_JA = [
  '本物と見分けがつかないクオリティです。',
  '刻印もしっかり入っています。',
  '処方箋なしでお譲りします。',
  '効果は保証します。',
  '護身用にどうぞ。',
  '税関対策済みです。',
];
export const PROHIBITED_SENTENCES_EN = [
  'Looks exactly like the original.',
  'Logo and engraving included.',
  'No prescription needed.',
  'Effect guaranteed.',
  'Great for self defense.',
  'Shipped discreetly past customs.',
];

// ---- fraud (before the drift) ---------------------------------------------------------

export const FRAUD_SENTENCES_JA = [
  '詳細はLINEでお話しします。',
  '直接取引なら大幅値引きします。',
  'お支払いは銀行振込でお願いします。',
  'アプリ外でのお取引をお願いします。',
  '手数料がかかるので直接やり取りしましょう。',
  '購入前に必ず連絡ください。',
];
export const FRAUD_SENTENCES_EN = [
  'Contact me on WhatsApp for details.',
  'Big discount if we deal directly.',
  'Payment by bank transfer only.',
  'Please complete the deal outside the app.',
  'Avoid the fees, message me directly.',
  'Contact me before buying.',
];
export const FRAUD_TITLE_JA = ['即決', '最終値下げ', '早い者勝ち', '格安'];
export const FRAUD_TITLE_EN = ['quick sale', 'final price', 'first come first served', 'bargain'];
export const EMAIL_DOMAINS = ['gmail.com', 'yahoo.co.jp', 'outlook.com', 'icloud.com'];

// ---- fraud after the drift: a new off-platform app and a gift-card pre-payment scam ----

export const DRIFT_APP_JA = 'カカオトーク';
export const DRIFT_APP_EN = 'Kakao';
export const DRIFT_SENTENCES_JA = [
  'ギフト券コードで先払いいただければ当日発送します。',
  'コンビニでギフトカードを購入してコードを送ってください。',
  '在庫確認のため先にご連絡ください。',
  'ご購入後にキャンセル扱いにして再出品しますので、ギフト券でお支払いください。',
];
export const DRIFT_SENTENCES_EN = [
  'Pay first with a gift card code and it ships the same day.',
  'Buy a prepaid gift card at a convenience store and send me the code.',
  'Message me first to confirm stock.',
  'I will cancel the order and relist it, so please pay with gift card codes.',
];
